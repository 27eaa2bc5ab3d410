using System.Text.Json.Nodes;
using IdentityServer.Tests.Infrastructure;

namespace IdentityServer.Tests.Oidc;

/// <summary>
/// Issue 12.13 and 12.16: tenant "proto" (password users, SMS sign-in without a second factor, test
/// numbers) and "proto-mfa" (SMS sign-in that needs a second factor), with a client per grant.
/// </summary>
public class ProtocolFixture : ServerFixture
{
    public const string Tenant = "proto";
    public const string MfaTenant = "proto-mfa";
    public const string Redirect = "https://app.example/callback";
    public const string Email = "alice@proto.example";
    public const string Password = "Alice-Passw0rd!";
    public const string SmsGrant = "urn:identity-platform:grant-type:sms-otp";
    public Dictionary<string, string> Secrets { get; } = new();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await TenantAsync(Tenant, requireSecondFactor: false, firstTestNumber: 101);
        await TenantAsync(MfaTenant, requireSecondFactor: true, firstTestNumber: 111);
        Secrets["web"] = (await Api.CreateClientAsync(Tenant, "web", ["authorization_code", "refresh_token"], redirectUris: [Redirect]))!;
        Secrets["other"] = (await Api.CreateClientAsync(Tenant, "other", ["authorization_code"], redirectUris: [Redirect]))!;
        await Api.CreateClientAsync(Tenant, "partner", ["authorization_code"], redirectUris: [Redirect], consent: "explicit");
        await Api.CreateClientAsync(Tenant, "spa", ["authorization_code"], type: "public", redirectUris: [Redirect]);
        Secrets["svc"] = (await Api.CreateClientAsync(Tenant, "svc", ["client_credentials"], scopes: ["orders"]))!;
        // The client setting of 12.13: this one asks for the identity claims in its access tokens.
        var claims = await Api.CallOkAsync(HttpMethod.Post, $"/tenants/{Tenant}/clients", new
        {
            client_id = "web-claims",
            display_name = "web-claims",
            type = "confidential",
            grant_types = new[] { "authorization_code" },
            scopes = new[] { "openid", "profile", "email", "phone" },
            redirect_uris = new[] { Redirect },
            access_token_claims = true,
        });
        Secrets["web-claims"] = claims["client_secret"]!.GetValue<string>();
        await Api.CreateUserAsync(Tenant, Email, Password);
    }

    private async Task TenantAsync(string tenant, bool requireSecondFactor, int firstTestNumber)
    {
        await Api.CreateTenantAsync(tenant);
        var s = await Api.CallOkAsync(HttpMethod.Get, $"/tenants/{tenant}/settings");
        s["sign_in"]!["sms"]!["enabled"] = true;
        s["sign_in"]!["sms"]!["sign_up"] = true;
        s["sign_in"]!["sms"]!["require_second_factor"] = requireSecondFactor;
        s["sign_in"]!["sms"]!["test_numbers"] = new JsonArray(Enumerable.Range(firstTestNumber, 5)
            .Select(n => (JsonNode)new JsonObject { ["phone_number"] = $"+1555555{n:0000}", ["code"] = "123456" }).ToArray());
        await Api.CallOkAsync(HttpMethod.Put, $"/tenants/{tenant}/settings", s.ToJsonString());
        Secrets["mobile@" + tenant] = (await Api.CreateClientAsync(tenant, "mobile", [SmsGrant, "refresh_token"]))!;
    }

    /// <summary>An SMS sign-in with a test number (code 123456): the token endpoint's answer.</summary>
    public async Task<HttpResponseMessage> SmsSignInAsync(string tenant, string phone, string code = "123456")
    {
        var secret = Secrets["mobile@" + tenant];
        var start = await Api.Http.PostAsync($"/t/{tenant}/connect/sms/start", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = "mobile",
            ["client_secret"] = secret,
            ["phone_number"] = phone,
        }));
        var started = await Api.ReadJsonAsync(start);
        Assert.True(start.IsSuccessStatusCode, started.ToJsonString());
        return await Api.TokenAsync(tenant, ("grant_type", SmsGrant), ("otp_id", started["otp_id"]!.GetValue<string>()), ("code", code),
            ("client_id", "mobile"), ("client_secret", secret), ("scope", "openid profile email phone offline_access"));
    }
}

public sealed class PostgreSqlProtocolFixture : ProtocolFixture
{
    protected override string Provider => "PostgreSql";
}
