using System.Text.Json.Nodes;
using IdentityServer.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace IdentityServer.Tests.SmsSignIn;

/// <summary>
/// Tenants for SMS sign-in: "quick" (SMS on, sign-up on, second factor not required),
/// "strict" (SMS on, sign-up on, second factor required: the default), "closed" (SMS off),
/// "nosignup" (SMS on, sign-up off).
/// The server's clock is a FakeTimeProvider.
/// </summary>
public class SmsFixture : ServerFixture
{
    public const string SmsGrant = "urn:identity-platform:grant-type:sms-otp";
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
    public Dictionary<string, string> Secrets { get; } = new();

    public SmsFixture() => Factory.Time = Clock;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await SetUpTenantAsync("quick", s =>
        {
            s["sign_in"]!["sms"]!["enabled"] = true;
            s["sign_in"]!["sms"]!["sign_up"] = true;
            s["sign_in"]!["sms"]!["require_second_factor"] = false;
            s["sign_in"]!["sms"]!["allowed_countries"] = new JsonArray("US", "FR", "DE");
            s["sign_in"]!["sms"]!["test_numbers"] = new JsonArray(new JsonObject { ["phone_number"] = "+15555550100", ["code"] = "123456" });
        });
        await SetUpTenantAsync("strict", s =>
        {
            s["sign_in"]!["sms"]!["enabled"] = true;
            s["sign_in"]!["sms"]!["sign_up"] = true;
        });
        await SetUpTenantAsync("closed", _ => { });
        await SetUpTenantAsync("nosignup", s =>
        {
            s["sign_in"]!["sms"]!["enabled"] = true;
            s["sign_in"]!["sms"]!["require_second_factor"] = false;
        });
        await Api.CreateClientAsync("quick", "no-sms", ["authorization_code"], redirectUris: ["https://app.example/cb"]);
    }

    private async Task SetUpTenantAsync(string tenant, Action<JsonNode> change)
    {
        await Api.CreateTenantAsync(tenant);
        var settings = await Api.CallOkAsync(HttpMethod.Get, $"/tenants/{tenant}/settings");
        change(settings);
        await Api.CallOkAsync(HttpMethod.Put, $"/tenants/{tenant}/settings", settings.ToJsonString());
        Secrets[tenant] = (await Api.CreateClientAsync(tenant, "mobile", [SmsGrant, "refresh_token"]))!;
    }

    public Task<HttpResponseMessage> StartAsync(string tenant, string phone, string clientId = "mobile", string? secret = null, params (string, string)[] extra)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("client_id", clientId), new("client_secret", secret ?? Secrets[tenant]), new("phone_number", phone),
        };
        form.AddRange(extra.Select(e => KeyValuePair.Create(e.Item1, e.Item2)));
        return Api.Http.PostAsync($"/t/{tenant}/connect/sms/start", new FormUrlEncodedContent(form));
    }

    public async Task<string> StartOkAsync(string tenant, string phone, params (string, string)[] extra)
    {
        var response = await StartAsync(tenant, phone, extra: extra);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"sms start: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!["otp_id"]!.GetValue<string>();
    }

    public Task<HttpResponseMessage> GrantAsync(string tenant, string otpId, string code, string clientId = "mobile", string? secret = null, string scope = "openid phone offline_access") =>
        Api.TokenAsync(tenant, ("grant_type", SmsGrant), ("otp_id", otpId), ("code", code), ("client_id", clientId),
            ("client_secret", secret ?? Secrets[tenant]), ("scope", scope));

    /// <summary>Moves the server's clock past every cooldown.</summary>
    public void PassCooldown() => Clock.Advance(TimeSpan.FromMinutes(1));
}
