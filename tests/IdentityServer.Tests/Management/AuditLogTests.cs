using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using IdentityServer.Tests.Infrastructure;
using IdentityServer.Tests.SmsSignIn;

namespace IdentityServer.Tests.Management;

/// <summary>The SMS tenants, and a tenant admin of "quick" signing in through a console client.</summary>
public sealed class AuditFixture : SmsFixture
{
    public const string AdminEmail = "admin@audit.example";
    public const string AdminPassword = "Audit-Passw0rd!";
    public const string Redirect = "https://console.example/cb";

    public string ConsoleSecret { get; private set; } = "";

    // The hosted sign-in's cookies expire by the server's clock: it must not lag behind the real one.
    public AuditFixture() => Clock.SetUtcNow(TimeProvider.System.GetUtcNow());

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        ConsoleSecret = (await Api.CreateClientAsync("quick", "console", ["authorization_code"], ["openid", "idp_admin"], redirectUris: [Redirect]))!;
        await Api.CallOkAsync(HttpMethod.Post, "/tenants/quick/users",
            new { email = AdminEmail, email_verified = true, password = AdminPassword, roles = new[] { "tenant_admin" } });
    }

    /// <summary>A management token of the tenant admin, through the hosted sign-in (which audits the sign-in too).</summary>
    public async Task<string> AdminTokenAsync() =>
        (await HostedSignIn.CodeFlowAsync(this, "quick", "console", ConsoleSecret, Redirect, AdminEmail, AdminPassword, "openid idp_admin"))
            ["access_token"]!.GetValue<string>();
}

/// <summary>
/// Issue 15 point 4: each audit event says who (an email, a masked phone, or client:{client_id},
/// one format for sign-ins and admin changes), what changed (before -> after per key, secrets
/// hidden) and from where (IP, user agent); the log filters by actor, action and date range and
/// exports as CSV or JSON lines; refused SMS starts are audited with their reason.
/// </summary>
public sealed class AuditLogTests(AuditFixture server) : IClassFixture<AuditFixture>
{
    private Api Api => server.Api;

    private async Task<string> CreateUserAsync(object body) =>
        (await Api.CallOkAsync(HttpMethod.Post, "/tenants/quick/users", body))["id"]!.GetValue<string>();

    private async Task<List<JsonNode>> EventsAsync(string query) =>
        (await Api.CallOkAsync(HttpMethod.Get, "/tenants/quick/audit?page_size=200&" + query))["items"]!.AsArray().Select(e => e!).ToList();

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, string token, string userAgent)
    {
        using var request = new HttpRequestMessage(method, "/api/v1" + path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.UserAgent.ParseAdd(userAgent);
        return await Api.Http.SendAsync(request);
    }

    [Fact]
    public async Task AnAdminChange_SaysWhoByEmail_WhatChangedBeforeAndAfter_AndFromWhere()
    {
        var ada = await CreateUserAsync(new { email = "ada@audit.example", given_name = "Ada", family_name = "Byron" });
        var token = await server.AdminTokenAsync();

        var response = await SendAsync(HttpMethod.Patch, $"/tenants/quick/users/{ada}",
            JsonContent.Create(new { given_name = "Augusta" }, options: Api.Json), token, "AuditTests/1.0");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var updated = Assert.Single(await EventsAsync("action=user.updated"), e => e["target"]!.GetValue<string>() == "user:" + ada);
        Assert.Equal("admin@audit.example", updated["actor"]!.GetValue<string>());
        Assert.True(updated.AsObject().ContainsKey("ip"));
        Assert.Equal("AuditTests/1.0", updated["user_agent"]!.GetValue<string>());
        var changes = updated["details"]!["changes"]!.AsObject();
        // Only the key that changed, with its value before and after.
        Assert.Equal("given_name", Assert.Single(changes).Key);
        Assert.Equal("Ada", changes["given_name"]!["from"]!.GetValue<string>());
        Assert.Equal("Augusta", changes["given_name"]!["to"]!.GetValue<string>());

        // The creation by the platform's automation client: client:{client_id}, and the state after.
        var created = Assert.Single(await EventsAsync("action=user.created"), e => e["target"]!.GetValue<string>() == "user:" + ada);
        Assert.Equal("client:platform-automation", created["actor"]!.GetValue<string>());
        Assert.Equal("ada@audit.example", created["details"]!["changes"]!["email"]!["to"]!.GetValue<string>());
    }

    [Fact]
    public async Task ASettingsChange_ListsEachChangedKey_ByItsDottedName()
    {
        var before = (await Api.CallOkAsync(HttpMethod.Get, "/tenants/quick/settings"))["sign_in"]!["sms"]!["resend_cooldown_seconds"]!.GetValue<int>();
        HttpResponseMessage response;
        using (var patch = new HttpRequestMessage(HttpMethod.Patch, "/api/v1/tenants/quick/settings"))
        {
            patch.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await Api.PlatformTokenAsync());
            patch.Content = new StringContent("{\"sign_in\": {\"sms\": {\"resend_cooldown_seconds\": " + (before + 5) + "}}}", Encoding.UTF8, "application/merge-patch+json");
            response = await Api.Http.SendAsync(patch);
        }
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var changed = (await EventsAsync("action=settings.changed")).First();
        Assert.Equal("client:platform-automation", changed["actor"]!.GetValue<string>());
        Assert.Equal("tenant:quick", changed["target"]!.GetValue<string>());
        var change = changed["details"]!["changes"]!["sign_in.sms.resend_cooldown_seconds"]!;
        Assert.Equal(before, change["from"]!.GetValue<int>());
        Assert.Equal(before + 5, change["to"]!.GetValue<int>());
        Assert.Single(changed["details"]!["changes"]!.AsObject());
    }

    [Fact]
    public async Task Secrets_NeverAppear_InTheLog_NorInItsExports()
    {
        const string FirstPassword = "First-Passw0rd!9";
        const string NewPassword = "Second-Passw0rd!7";
        const string TestCode = "864209";
        var clientSecret = await Api.CreateClientAsync("quick", "audited-robot", ["client_credentials"], ["idp_admin"]);
        var grace = await CreateUserAsync(new { email = "grace@audit.example", password = FirstPassword });
        await Api.CallOkAsync(HttpMethod.Patch, $"/tenants/quick/users/{grace}", new { password = NewPassword });
        await Api.CallOkAsync(HttpMethod.Post, $"/tenants/quick/users/{grace}/phone", new { phone_number = "+14155552671", verify = false });
        var settings = await Api.CallOkAsync(HttpMethod.Get, "/tenants/quick/settings");
        settings["sign_in"]!["sms"]!["test_numbers"]!.AsArray().Add(new JsonObject { ["phone_number"] = "+15555550177", ["code"] = TestCode });
        await Api.CallOkAsync(HttpMethod.Put, "/tenants/quick/settings", settings.ToJsonString());

        var events = await EventsAsync("");
        var passwordChange = events.First(e => e["action"]!.GetValue<string>() == "user.updated" && e["target"]!.GetValue<string>() == "user:" + grace);
        Assert.Equal("changed", passwordChange["details"]!["password"]!.GetValue<string>());
        var phoneSet = events.First(e => e["action"]!.GetValue<string>() == "phone.set");
        Assert.Equal("+1******2671", phoneSet["details"]!["changes"]!["phone_number"]!["to"]!.GetValue<string>());
        var numbers = events.First(e => e["action"]!.GetValue<string>() == "settings.changed")["details"]!["changes"]!["sign_in.sms.test_numbers"]!;
        Assert.Contains("(hidden)", numbers["to"]!.ToJsonString());

        var texts = new List<string> { (await Api.CallOkAsync(HttpMethod.Get, "/tenants/quick/audit?page_size=200")).ToJsonString() };
        foreach (var format in new[] { "csv", "jsonl" })
        {
            var export = await Api.CallAsync(HttpMethod.Get, $"/tenants/quick/audit/export?format={format}");
            Assert.Equal(HttpStatusCode.OK, export.StatusCode);
            texts.Add(await export.Content.ReadAsStringAsync());
        }
        foreach (var text in texts)
        {
            foreach (var secret in new[] { clientSecret!, FirstPassword, NewPassword, TestCode, "4155552671", ServerFactory.AutomationSecret })
            {
                Assert.DoesNotContain(secret, text);
            }
            Assert.Contains("audited-robot", text);
        }
    }

    [Fact]
    public async Task TheLog_FiltersByActorActionAndDateRange_AndExportsTheSameEvents_AsCsvOrJsonLines()
    {
        server.Clock.Advance(TimeSpan.FromDays(3));
        var day = server.Clock.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var early = await CreateUserAsync(new { email = "early@audit.example" });
        server.Clock.Advance(TimeSpan.FromDays(2));
        var token = await server.AdminTokenAsync();
        var created = await SendAsync(HttpMethod.Post, "/tenants/quick/users",
            JsonContent.Create(new { email = "late@audit.example" }, options: Api.Json), token, "AuditTests/1.0");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var onThatDay = await EventsAsync($"action=user.created&from={day}&to={day}");
        Assert.Equal("user:" + early, Assert.Single(onThatDay)["target"]!.GetValue<string>());
        var byAdmin = await EventsAsync("action=user.created&actor=ADMIN@audit.example");
        Assert.NotEmpty(byAdmin);
        Assert.All(byAdmin, e => Assert.Equal("admin@audit.example", e["actor"]!.GetValue<string>()));
        Assert.DoesNotContain(byAdmin, e => e["target"]!.GetValue<string>() == "user:" + early);
        var family = await EventsAsync("action=user.&actor=admin@audit.example");
        Assert.All(family, e => Assert.StartsWith("user.", e["action"]!.GetValue<string>()));
        var fromInstant = Uri.EscapeDataString(server.Clock.GetUtcNow().AddMinutes(-1).ToString("O"));
        Assert.All(await EventsAsync($"from={fromInstant}"), e => Assert.True(e["at"]!.GetValue<DateTimeOffset>() >= server.Clock.GetUtcNow().AddMinutes(-1)));

        var csv = await Api.CallAsync(HttpMethod.Get, $"/tenants/quick/audit/export?format=csv&action=user.created&from={day}&to={day}");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("id,at,actor,action,target,ip,user_agent,details", lines[0].TrimEnd('\r'));
        Assert.Contains("client:platform-automation,user.created,user:" + early, Assert.Single(lines.Skip(1)));

        var total = (await Api.CallOkAsync(HttpMethod.Get, "/tenants/quick/audit?action=user."))["total"]!.GetValue<int>();
        var jsonl = await Api.CallAsync(HttpMethod.Get, "/tenants/quick/audit/export?format=jsonl&action=user.");
        Assert.Equal("application/x-ndjson", jsonl.Content.Headers.ContentType?.MediaType);
        var rows = (await jsonl.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(total, rows.Count);
        Assert.All(rows, r => ManagementAssert.HasMembers(r, "id", "at", "actor", "action", "target", "ip", "user_agent", "details"));
    }

    [Theory]
    [InlineData("/tenants/quick/audit?from=yesterday", "from")]
    [InlineData("/tenants/quick/audit?to=2026-13-01", "to")]
    [InlineData("/tenants/quick/audit?page_size=lots", "page_size")]
    [InlineData("/tenants/quick/audit/export?format=xml", "format")]
    public async Task ABadFilter_Is400_NamingIt(string path, string name)
    {
        var problem = await ManagementAssert.ProblemAsync(await Api.CallAsync(HttpMethod.Get, path), HttpStatusCode.BadRequest);
        Assert.Contains(name, problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task RefusedSmsStarts_AreAudited_WithTheirReason_AndTheClientAsActor()
    {
        server.PassCooldown();
        await server.StartOkAsync("quick", "+14155550142");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await server.StartAsync("quick", "+14155550142")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await server.StartAsync("quick", "+447400123456")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await server.StartAsync("quick", "12")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await server.StartAsync("closed", "+14155550143")).StatusCode);
        // Unknown phones get the same answer as known ones; the log says why nothing was texted.
        Assert.Equal(HttpStatusCode.OK, (await server.StartAsync("nosignup", "+14155550144")).StatusCode);

        var quick = await EventsAsync("action=sms.start_refused");
        Assert.All(quick, e => Assert.Equal("client:mobile", e["actor"]!.GetValue<string>()));
        string ReasonFor(List<JsonNode> events, string target) =>
            events.First(e => e["target"]?.GetValue<string>() == target)["details"]!["reason"]!.GetValue<string>();
        Assert.Equal("cooldown", ReasonFor(quick, "+1******0142"));
        Assert.Equal("country_not_allowed", ReasonFor(quick, "+4*******3456"));
        Assert.Contains(quick, e => e["details"]!["reason"]!.GetValue<string>() == "invalid_phone");
        var closed = (await Api.CallOkAsync(HttpMethod.Get, "/tenants/closed/audit?action=sms.start_refused"))["items"]!.AsArray();
        Assert.Contains(closed, e => e!["details"]!["reason"]!.GetValue<string>() == "sms_disabled" && e["actor"]!.GetValue<string>() == "client:mobile");
        var nosignup = (await Api.CallOkAsync(HttpMethod.Get, "/tenants/nosignup/audit?action=sms.start_refused"))["items"]!.AsArray();
        Assert.Contains(nosignup, e => e!["details"]!["reason"]!.GetValue<string>() == "unknown_user" && e["target"]!.GetValue<string>() == "+1******0144");
    }

    [Fact]
    public async Task SignIns_NameTheUser_InTheSameFormat_EmailOrMaskedPhone()
    {
        await server.AdminTokenAsync();
        var byPassword = await EventsAsync("action=sign_in.decision&actor=admin@audit.example");
        Assert.NotEmpty(byPassword);
        Assert.All(byPassword, e => Assert.StartsWith("user:", e["target"]!.GetValue<string>()));

        server.PassCooldown();
        var otp = await server.StartOkAsync("quick", "+14155550177");
        var grant = await server.GrantAsync("quick", otp, SmsOutbox.LastCode(server.Factory, "+14155550177"));
        Assert.Equal(HttpStatusCode.OK, grant.StatusCode);
        // A phone-only user has no email: the masked phone names them, the target keeps their id.
        var bySms = await EventsAsync("action=sign_in.decision&actor=%2B1******0177");
        Assert.StartsWith("user:", Assert.Single(bySms)["target"]!.GetValue<string>());
    }
}

/// <summary>A real socket on 127.0.0.1: the address the audit records.</summary>
public sealed class AuditIpFixture : SmsFixture
{
    public override async Task InitializeAsync()
    {
        Factory.ListenOnLoopback();
        await base.InitializeAsync();
    }
}

/// <summary>Issue 15 point 4: from where — the caller's IP and user agent, on sign-in events and admin changes alike.</summary>
public sealed class AuditOriginTests(AuditIpFixture server) : IClassFixture<AuditIpFixture>
{
    [Fact]
    public async Task Events_RecordTheCallersAddress_AndUserAgent()
    {
        using var start = new HttpRequestMessage(HttpMethod.Post, "/t/closed/connect/sms/start")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["client_id"] = "mobile",
                ["client_secret"] = server.Secrets["closed"],
                ["phone_number"] = "+14155550166",
            }),
        };
        start.Headers.UserAgent.ParseAdd("OriginTests/2.0");
        Assert.Equal(HttpStatusCode.BadRequest, (await server.Api.Http.SendAsync(start)).StatusCode);
        await server.Api.CallOkAsync(HttpMethod.Post, "/tenants/closed/users", new { email = "origin@audit.example" });

        var events = (await server.Api.CallOkAsync(HttpMethod.Get, "/tenants/closed/audit?page_size=200"))["items"]!.AsArray().Select(e => e!).ToList();
        var refused = events.First(e => e["action"]!.GetValue<string>() == "sms.start_refused");
        Assert.Equal("127.0.0.1", refused["ip"]!.GetValue<string>());
        Assert.Equal("OriginTests/2.0", refused["user_agent"]!.GetValue<string>());
        var created = events.First(e => e["action"]!.GetValue<string>() == "user.created");
        Assert.Equal("127.0.0.1", created["ip"]!.GetValue<string>());
    }
}
