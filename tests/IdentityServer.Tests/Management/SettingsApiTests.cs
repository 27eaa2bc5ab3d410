using System.Net;
using System.Text.Json.Nodes;
using IdentityServer.Tests.Infrastructure;

namespace IdentityServer.Tests.Management;

/// <summary>SPEC 6 and 7: GET/PUT /api/v1/tenants/{slug}/settings and the invariants P1-P5.</summary>
public sealed class SettingsApiTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private Api Api => server.Api;

    /// <summary>Each test works on its own new tenant, so the defaults are what a new tenant gets.</summary>
    private Task<string> NewTenantAsync() => Api.NewTenantAsync("settings");

    private async Task<JsonNode> GetAsync(string tenant) =>
        await ManagementAssert.JsonAsync(await Api.CallAsync(HttpMethod.Get, $"/tenants/{tenant}/settings"), HttpStatusCode.OK);

    private async Task<HttpResponseMessage> PutAsync(string tenant, JsonNode document) =>
        await Api.CallAsync(HttpMethod.Put, $"/tenants/{tenant}/settings", document.ToJsonString());

    /// <summary>The current document with a change applied, as a client that edits settings sends it.</summary>
    private async Task<JsonNode> ChangedAsync(string tenant, Action<JsonNode> change)
    {
        var document = await GetAsync(tenant);
        change(document);
        return document;
    }

    private static readonly (string Path, string Json)[] Defaults =
    [
        ("default_region", "\"US\""),
        ("sign_in.password.enabled", "true"),
        ("sign_in.passkey.enabled", "false"),
        ("sign_in.registration.enabled", "false"),
        ("sign_in.sms.enabled", "false"),
        ("sign_in.sms.sign_up", "false"),
        ("sign_in.sms.require_second_factor", "true"),
        ("sign_in.sms.allowed_countries", "[\"US\"]"),
        ("sign_in.sms.code_length", "6"),
        ("sign_in.sms.code_lifetime_seconds", "120"),
        ("sign_in.sms.resend_cooldown_seconds", "30"),
        ("sign_in.sms.max_attempts", "5"),
        ("sign_in.sms.max_sends_per_phone_per_hour", "5"),
        ("sign_in.sms.test_numbers", "[]"),
        ("mfa.enforcement", "\"optional\""),
        ("mfa.factors", "[\"totp\",\"recovery_code\",\"email\"]"),
        ("signing_keys.algorithm", "\"RS256\""),
        ("signing_keys.rotation_period_days", "90"),
        ("audit.retention_days", "400"),
    ];

    private static JsonNode? At(JsonNode document, string dotted)
    {
        JsonNode? node = document;
        foreach (var part in dotted.Split('.'))
        {
            Assert.True(node is JsonObject o && o.ContainsKey(part), $"'{dotted}' is missing from {document.ToJsonString()}");
            node = node![part];
        }
        return node;
    }

    [Fact]
    public async Task Settings_Get_ReturnsEveryKeyOfSpec6_WithItsDefault()
    {
        var tenant = await NewTenantAsync();

        var document = await GetAsync(tenant);

        // display_name is the tenant's (CreateTenantAsync names it by the upper-case slug).
        Assert.Equal(tenant.ToUpperInvariant(), At(document, "display_name")!.GetValue<string>());
        foreach (var (path, json) in Defaults)
        {
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), At(document, path)),
                $"{path}: expected {json}, got {At(document, path)?.ToJsonString() ?? "null"}");
        }
    }

    [Fact]
    public async Task Settings_Put_RoundTrips_AndRenamesTheTenant()
    {
        var tenant = await NewTenantAsync();
        var document = JsonNode.Parse("""
            {
              "display_name": "Round Trip Ltd",
              "default_region": "GB",
              "sign_in": {
                "password": { "enabled": false },
                "passkey": { "enabled": true },
                "registration": { "enabled": true },
                "sms": {
                  "enabled": true, "sign_up": true, "require_second_factor": true,
                  "allowed_countries": ["GB", "US", "DE"],
                  "code_length": 7, "code_lifetime_seconds": 300, "resend_cooldown_seconds": 60,
                  "max_attempts": 3, "max_sends_per_phone_per_hour": 20,
                  "test_numbers": [{ "phone_number": "+15555550100", "code": "1234567" }, { "phone_number": "+447700900123", "code": "7654321" }]
                }
              },
              "mfa": { "enforcement": "required", "factors": ["totp", "email", "recovery_code"] },
              "signing_keys": { "algorithm": "ES256", "rotation_period_days": 30 },
              "audit": { "retention_days": 90 }
            }
            """)!;

        var put = await ManagementAssert.JsonAsync(await PutAsync(tenant, document), HttpStatusCode.OK);
        Assert.True(JsonNode.DeepEquals(document, put), $"PUT answered {put.ToJsonString()}");

        var read = await GetAsync(tenant);
        Assert.True(JsonNode.DeepEquals(document, read), $"GET answered {read.ToJsonString()}");
        Assert.Equal("Round Trip Ltd", (await Api.CallOkAsync(HttpMethod.Get, $"/tenants/{tenant}"))["display_name"]!.GetValue<string>());

        // And back to the defaults' shape: the same document goes through a second time.
        var again = await ChangedAsync(tenant, d => d["sign_in"]!["password"]!["enabled"] = true);
        await ManagementAssert.JsonAsync(await PutAsync(tenant, again), HttpStatusCode.OK);
        Assert.True(JsonNode.DeepEquals(again, await GetAsync(tenant)));
    }

    [Fact]
    public async Task Settings_PutOmittingKeys_Is422NamingEachMissingKey_AndChangesNothing()
    {
        var tenant = await NewTenantAsync();
        var before = await GetAsync(tenant);

        // Issue 12 point 14: this once switched SMS sign-in off and MFA to optional, answering 200.
        var problem = await ManagementAssert.ProblemAsync(
            await PutAsync(tenant, JsonNode.Parse("""{"sign_in": {"sms": {"sign_up": true}}}""")!), HttpStatusCode.UnprocessableEntity);

        var named = problem["errors"]!.AsObject().Select(e => e.Key).ToHashSet();
        var expected = Defaults.Select(d => d.Path).Where(p => p != "sign_in.sms.sign_up").Append("display_name").ToHashSet();
        Assert.True(expected.SetEquals(named), $"named: {string.Join(", ", named)}");
        Assert.True(JsonNode.DeepEquals(before, await GetAsync(tenant)));

        // An explicit null is not a value either.
        var nulled = before.DeepClone();
        nulled["mfa"]!["enforcement"] = null;
        var second = await ManagementAssert.ProblemAsync(await PutAsync(tenant, nulled), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["mfa.enforcement"], second["errors"]!.AsObject().Select(e => e.Key));
    }

    public static TheoryData<string, string> RuleBreakers => new()
    {
        // P1: SMS sign-in with a required second factor, and neither totp nor email.
        { "P1", """{"sign_in": {"sms": {"enabled": true, "require_second_factor": true}}, "mfa": {"factors": ["recovery_code"]}}""" },
        { "P1", """{"sign_in": {"sms": {"enabled": true, "require_second_factor": true}}, "mfa": {"factors": ["sms", "recovery_code"]}}""" },
        // P2: required MFA with only backup codes.
        { "P2", """{"mfa": {"enforcement": "required", "factors": ["recovery_code"]}}""" },
        { "P2", """{"mfa": {"enforcement": "required", "factors": []}}""" },
        // P3: no first factor left.
        { "P3", """{"sign_in": {"password": {"enabled": false}, "sms": {"enabled": false}}}""" },
        // P3 counts passkey sign-in (issue 16): none of the three is left.
        { "P3", """{"sign_in": {"password": {"enabled": false}, "sms": {"enabled": false}, "passkey": {"enabled": false}}}""" },
        // P4: SMS sign-up with a required second factor needs totp or webauthn (email satisfies P1, not P4).
        { "P4", """{"sign_in": {"sms": {"enabled": true, "sign_up": true, "require_second_factor": true}}, "mfa": {"factors": ["email", "recovery_code"]}}""" },
        // P5: ranges, countries, test numbers.
        { "P5", """{"sign_in": {"sms": {"code_length": 5}}}""" },
        { "P5", """{"sign_in": {"sms": {"code_length": 9}}}""" },
        { "P5", """{"sign_in": {"sms": {"max_attempts": 11}}}""" },
        { "P5", """{"sign_in": {"sms": {"max_attempts": 2}}}""" },
        { "P5", """{"sign_in": {"sms": {"code_lifetime_seconds": 59}}}""" },
        { "P5", """{"sign_in": {"sms": {"resend_cooldown_seconds": 301}}}""" },
        { "P5", """{"sign_in": {"sms": {"max_sends_per_phone_per_hour": 0}}}""" },
        { "P5", """{"sign_in": {"sms": {"allowed_countries": ["US", "XX"]}}}""" },
        { "P5", """{"default_region": "XX"}""" },
        { "P5", """{"sign_in": {"sms": {"test_numbers": [{"phone_number": "5555550100", "code": "123456"}]}}}""" },
        { "P5", """{"sign_in": {"sms": {"test_numbers": [{"phone_number": "+1555", "code": "123456"}]}}}""" },
        { "P5", """{"sign_in": {"sms": {"test_numbers": [{"phone_number": "+15555550100", "code": "12345"}]}}}""" },
        { "P5", """{"sign_in": {"sms": {"code_length": 8, "test_numbers": [{"phone_number": "+15555550100", "code": "123456"}]}}}""" },
        { "P5", """{"sign_in": {"sms": {"test_numbers": [{"phone_number": "+15555550100", "code": "12a456"}]}}}""" },
        { "P5", """{"mfa": {"enforcement": "always"}}""" },
        { "P5", """{"mfa": {"factors": ["totp", "carrier_pigeon"]}}""" },
    };

    /// <summary>Issue 16: webauthn is a non-SMS factor (P1, P2) and may be enrolled by new SMS users (P4); a passkey is a first factor (P3).</summary>
    public static TheoryData<string> WebAuthnSatisfies => new()
    {
        """{"sign_in": {"sms": {"enabled": true, "require_second_factor": true}}, "mfa": {"factors": ["webauthn", "recovery_code"]}}""",
        """{"mfa": {"enforcement": "required", "factors": ["webauthn"]}}""",
        """{"sign_in": {"password": {"enabled": false}, "sms": {"enabled": false}, "passkey": {"enabled": true}}}""",
        """{"sign_in": {"sms": {"enabled": true, "sign_up": true, "require_second_factor": true}}, "mfa": {"factors": ["webauthn", "recovery_code"]}}""",
    };

    [Theory]
    [MemberData(nameof(WebAuthnSatisfies))]
    public async Task Settings_WebAuthnAndPasskeySignIn_SatisfyTheRules(string change)
    {
        var tenant = await NewTenantAsync();
        var document = (JsonObject)SettingsDocumentMerge(await GetAsync(tenant), JsonNode.Parse(change)!);
        var saved = await ManagementAssert.JsonAsync(await PutAsync(tenant, document), HttpStatusCode.OK);
        Assert.True(JsonNode.DeepEquals(document, saved), saved.ToJsonString());
    }

    private static JsonNode SettingsDocumentMerge(JsonNode target, JsonNode patch) =>
        IdentityServer.Tenancy.Settings.SettingsDocument.MergePatch(target.DeepClone(), patch)!;

    [Theory]
    [MemberData(nameof(RuleBreakers))]
    public async Task Settings_PutBreakingARule_Is422NamingTheRule_AndChangesNothing(string rule, string change)
    {
        var tenant = await NewTenantAsync();
        // A valid earlier change, so "nothing changes" is not just "still the defaults".
        var earlier = await ChangedAsync(tenant, d =>
        {
            d["display_name"] = "Before";
            d["sign_in"]!["sms"]!["resend_cooldown_seconds"] = 45;
        });
        await ManagementAssert.JsonAsync(await PutAsync(tenant, earlier), HttpStatusCode.OK);
        var before = await GetAsync(tenant);

        // The earlier document with the rule-breaking keys merged in, renamed too.
        var breaking = before.DeepClone();
        Merge(breaking, JsonNode.Parse(change)!);
        breaking["display_name"] = "After";
        var problem = await ManagementAssert.ProblemAsync(await PutAsync(tenant, breaking), HttpStatusCode.UnprocessableEntity);

        Assert.Contains(rule, ManagementAssert.TextOf(problem));
        Assert.Contains(rule, problem["detail"]?.GetValue<string>() ?? "");
        Assert.NotNull(problem["errors"]);
        var after = await GetAsync(tenant);
        Assert.True(JsonNode.DeepEquals(before, after), $"changed: {after.ToJsonString()}");
        Assert.Equal("Before", (await Api.CallOkAsync(HttpMethod.Get, $"/tenants/{tenant}"))["display_name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Settings_PutSatisfyingP1AndP4_WithTotp_IsAccepted()
    {
        var tenant = await NewTenantAsync();
        var document = await ChangedAsync(tenant, d =>
        {
            d["sign_in"]!["sms"]!["enabled"] = true;
            d["sign_in"]!["sms"]!["sign_up"] = true;
            d["mfa"]!["factors"] = new JsonArray("totp");
        });
        await ManagementAssert.JsonAsync(await PutAsync(tenant, document), HttpStatusCode.OK);

        // With the requirement off, SMS may be the only method.
        var noSecond = await ChangedAsync(tenant, d =>
        {
            d["sign_in"]!["sms"]!["require_second_factor"] = false;
            d["mfa"]!["factors"] = new JsonArray("recovery_code");
            d["sign_in"]!["password"]!["enabled"] = false;
        });
        await ManagementAssert.JsonAsync(await PutAsync(tenant, noSecond), HttpStatusCode.OK);
        Assert.True(JsonNode.DeepEquals(noSecond, await GetAsync(tenant)));
    }

    public static TheoryData<string> UnknownKeysAndWrongTypes => new()
    {
        """{"sign_in": {"sms": {"enabeld": true}}}""",
        """{"colour": "blue"}""",
        """{"mfa": {"enforcement": "optional", "extra": 1}}""",
        """{"sign_in": {"sms": {"code_length": "6"}}}""",
        """{"sign_in": {"sms": {"code_length": 6.5}}}""",
        """{"sign_in": {"sms": {"enabled": "yes"}}}""",
        """{"sign_in": {"password": true}}""",
        """{"mfa": {"factors": "totp"}}""",
        """{"sign_in": {"sms": {"allowed_countries": "US"}}}""",
        """{"sign_in": {"sms": {"test_numbers": {"phone_number": "+15555550100", "code": "123456"}}}}""",
        """{"display_name": 42}""",
        """{"sign_in": {"sms": {"code_length": 99999999999}}}""",
    };

    [Theory]
    [MemberData(nameof(UnknownKeysAndWrongTypes))]
    public async Task Settings_PutWithUnknownKeyOrWrongType_Is400_AndChangesNothing(string raw)
    {
        var tenant = await NewTenantAsync();
        var before = await GetAsync(tenant);

        await ManagementAssert.ProblemAsync(await Api.CallAsync(HttpMethod.Put, $"/tenants/{tenant}/settings", raw), HttpStatusCode.BadRequest);

        Assert.True(JsonNode.DeepEquals(before, await GetAsync(tenant)));
    }

    public static TheoryData<string> MalformedBodies => new()
    {
        "{",
        "{\"sign_in\": {\"sms\": {\"enabled\": true}",
        "not json",
        "{'display_name': 'single quotes'}",
        "{\"display_name\": \"x\",}",
        "[]",
        "null",
        "42",
        "",
        "{\"display_name\": \"x\"} trailing",
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task Settings_PutWithMalformedJson_Is400_Never500(string raw)
    {
        var tenant = await NewTenantAsync();
        var before = await GetAsync(tenant);

        await ManagementAssert.ProblemAsync(await Api.CallAsync(HttpMethod.Put, $"/tenants/{tenant}/settings", raw), HttpStatusCode.BadRequest);

        Assert.True(JsonNode.DeepEquals(before, await GetAsync(tenant)));
    }

    [Fact]
    public async Task Settings_OfAnUnknownTenant_Is404()
    {
        await ManagementAssert.ProblemAsync(await Api.CallAsync(HttpMethod.Get, "/tenants/nowhere/settings"), HttpStatusCode.NotFound);
        await ManagementAssert.ProblemAsync(await Api.CallAsync(HttpMethod.Put, "/tenants/nowhere/settings", "{}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Settings_AreIsolatedPerTenant()
    {
        var a = await NewTenantAsync();
        var b = await NewTenantAsync();
        var bBefore = await GetAsync(b);

        await ManagementAssert.JsonAsync(await PutAsync(a, await ChangedAsync(a, d => d["sign_in"]!["sms"]!["max_attempts"] = 9)), HttpStatusCode.OK);

        Assert.Equal(9, At(await GetAsync(a), "sign_in.sms.max_attempts")!.GetValue<int>());
        Assert.True(JsonNode.DeepEquals(bBefore, await GetAsync(b)));
    }

    private static void Merge(JsonNode target, JsonNode change)
    {
        foreach (var (key, value) in change.AsObject())
        {
            if (value is JsonObject inner && target[key] is JsonObject existing)
            {
                Merge(existing, inner);
            }
            else
            {
                target[key] = value?.DeepClone();
            }
        }
    }
}
