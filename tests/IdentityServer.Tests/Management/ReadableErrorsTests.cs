using System.Net;
using System.Text.Json.Nodes;
using IdentityServer.Tests.Infrastructure;
using IdentityServer.Tests.SmsSignIn;

namespace IdentityServer.Tests.Management;

/// <summary>
/// Issue 15 point 7: errors people can read. A body that is not the JSON asked for names the field
/// in the contract's words, never a .NET type; phone numbers are written "+1...", not "\u002B1...",
/// in the API and the SMS outbox; the cooldown's 429 says how many seconds to wait.
/// </summary>
public sealed class ReadableErrorsTests(SmsFixture server) : IClassFixture<SmsFixture>
{
    private Api Api => server.Api;

    private static void SaysNoDotNetType(string text)
    {
        foreach (var leak in new[] { "System.", "IdentityServer.", "Settings'", "Model'", "Int32", "Boolean", "LineNumber" })
        {
            Assert.DoesNotContain(leak, text);
        }
    }

    [Theory]
    [InlineData("POST", "/tenants/quick/users", """{"email": 5}""", "email", "'email' must be a string")]
    [InlineData("POST", "/tenants/quick/users", """{"email": "a@b.example", "roles": "tenant_admin"}""", "roles", "'roles' must be a list of strings")]
    [InlineData("POST", "/tenants/quick/users", """{"email": "a@b.example", "email_verified": "yes"}""", "email_verified", "'email_verified' must be true or false")]
    [InlineData("POST", "/tenants/quick/users", """{"email": """, "email", "not valid JSON")]
    [InlineData("POST", "/tenants/quick/users", """[1, 2]""", "body", "must be an object")]
    [InlineData("POST", "/tenants/quick/clients", """{"client_id": "x", "grant_types": [1]}""", "grant_types", "'grant_types' must be a list of strings")]
    [InlineData("POST", "/tenants", """{"slug": 12}""", "slug", "'slug' must be a string")]
    [InlineData("POST", "/tenants/quick/users/nobody/phone", """{"phone_number": "+14155552671", "verify": "sure"}""", "verify", "'verify' must be true or false")]
    public async Task AMalformedBody_Is400_NamingTheField_InTheContractsWords(string method, string path, string body, string field, string words)
    {
        var response = await Api.CallAsync(new HttpMethod(method), path, body);
        var problem = await ManagementAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
        var text = problem.ToJsonString();
        Assert.Contains(words, problem["detail"]!.GetValue<string>());
        Assert.NotNull(problem["errors"]![field]);
        SaysNoDotNetType(text);
    }

    [Theory]
    [InlineData("sign_in.sms.code_length", "\"six\"", "'sign_in.sms.code_length' must be a whole number")]
    [InlineData("sign_in.sms.enabled", "1", "'sign_in.sms.enabled' must be true or false")]
    [InlineData("mfa.factors", "\"totp\"", "'mfa.factors' must be a list of strings")]
    [InlineData("sign_in.sms.colour", "\"blue\"", "'sign_in.sms.colour' is not a known field")]
    public async Task ASettingsDocumentOfTheWrongShape_Is400_NamingTheKey(string key, string value, string words)
    {
        var parts = key.Split('.');
        var patch = "{" + string.Join("", parts.Select((p, i) => $"\"{p}\": " + (i == parts.Length - 1 ? value : "{"))) + new string('}', parts.Length);
        using var request = new HttpRequestMessage(HttpMethod.Patch, "/api/v1/tenants/quick/settings")
        {
            Content = new StringContent(patch, System.Text.Encoding.UTF8, "application/merge-patch+json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await Api.PlatformTokenAsync());
        var problem = await ManagementAssert.ProblemAsync(await Api.Http.SendAsync(request), HttpStatusCode.BadRequest);
        Assert.Contains(words, problem["detail"]!.GetValue<string>());
        SaysNoDotNetType(problem.ToJsonString());
    }

    [Fact]
    public async Task AQueryParameterOutOfRange_Is400_NamingIt()
    {
        var problem = await ManagementAssert.ProblemAsync(await Api.CallAsync(HttpMethod.Get, "/tenants/quick/users?page_size=abc"), HttpStatusCode.BadRequest);
        Assert.Contains("page_size", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task PhoneNumbers_AreWrittenWithAPlus_InTheApi_AndInTheSmsOutbox()
    {
        var created = await Api.CallAsync(HttpMethod.Post, "/tenants/quick/users", new { email = "plus@errors.example", phone_number = "+14155552699", phone_number_verified = true });
        var text = await created.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Contains("\"phone_number\":\"+14155552699\"", text);
        Assert.DoesNotContain("\\u002B", text);

        var settings = await (await Api.CallAsync(HttpMethod.Get, "/tenants/quick/settings")).Content.ReadAsStringAsync();
        Assert.Contains("\"+15555550100\"", settings);
        Assert.DoesNotContain("\\u002B", settings);

        server.PassCooldown();
        await server.StartOkAsync("quick", "+14155552699");
        SmsOutbox.Messages(server.Factory);
        var outbox = await File.ReadAllTextAsync(server.Factory.Settings["Sms:Outbox:Path"]!);
        Assert.Contains("\"to\":\"+14155552699\"", outbox);
        Assert.DoesNotContain("\\u002B", outbox);
    }

    [Fact]
    public async Task TheCooldown429_SaysToWait_WithTheSecondsOfRetryAfter()
    {
        server.PassCooldown();
        await server.StartOkAsync("quick", "+14155552688");
        var again = await server.StartAsync("quick", "+14155552688");
        Assert.Equal(HttpStatusCode.TooManyRequests, again.StatusCode);
        var seconds = (int)again.Headers.RetryAfter!.Delta!.Value.TotalSeconds;
        Assert.True(seconds > 0);
        var body = JsonNode.Parse(await again.Content.ReadAsStringAsync())!;
        Assert.Equal("slow_down", body["error"]!.GetValue<string>());
        Assert.Contains($"Wait {seconds} seconds", body["error_description"]!.GetValue<string>());
    }
}
