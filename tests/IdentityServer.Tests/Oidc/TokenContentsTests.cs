using System.Net;
using System.Text.Json.Nodes;
using IdentityServer.Tests.Infrastructure;

namespace IdentityServer.Tests.Oidc;

/// <summary>Issue 12.13: access tokens carry only what the scopes grant, and no token carries library-internal claims.</summary>
public abstract class TokenContentsTestsBase<TFixture>(TFixture server) where TFixture : ProtocolFixture
{
    private const string T = ProtocolFixture.Tenant;
    private const string R = ProtocolFixture.Redirect;

    // RFC 9068 and SPEC 3 (nbf is IdentityModel's; role is the user's management roles, absent for most users).
    private static readonly HashSet<string> AccessTokenClaims =
        ["iss", "sub", "aud", "exp", "iat", "nbf", "jti", "client_id", "scope", "auth_time", "acr", "amr", "tenant", "role"];

    private static readonly string[] IdentityClaims =
        ["name", "given_name", "family_name", "preferred_username", "email", "email_verified", "phone_number", "phone_number_verified"];

    [Fact]
    public async Task AccessTokens_OfEveryGrant_CarryOnlyTheStandardClaims_AndNoTokenCarriesInternalClaims()
    {
        // Authorization code, with every identity scope granted.
        var code = await CodeFlowAsync("web", "openid profile email phone offline_access");
        AssertStandardAccessToken(code, "authorization_code");
        var id = Jwt.Payload(code["id_token"]!.GetValue<string>()).AsObject();
        Assert.Equal(ProtocolFixture.Email, id["email"]!.GetValue<string>());
        Assert.Equal("Test User", id["name"]!.GetValue<string>());
        AssertNoInternalClaims(id, "id token (code)");

        // Refresh.
        var refreshed = await server.Api.TokenAsync(T, ("grant_type", "refresh_token"), ("refresh_token", code["refresh_token"]!.GetValue<string>()),
            ("client_id", "web"), ("client_secret", server.Secrets["web"]));
        var refreshedTokens = await Api.ReadJsonAsync(refreshed);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        AssertStandardAccessToken(refreshedTokens, "refresh_token");
        AssertNoInternalClaims(Jwt.Payload(refreshedTokens["id_token"]!.GetValue<string>()).AsObject(), "id token (refresh)");

        // Client credentials.
        var cc = await server.Api.ClientCredentialsAsync(T, "svc", server.Secrets["svc"], "orders");
        AssertStandardAccessToken(new JsonObject { ["access_token"] = cc }, "client_credentials");

        // SMS one-time code (a new user with a phone number and the phone scope granted).
        var sms = await server.SmsSignInAsync(T, "+15555550101");
        var smsTokens = await Api.ReadJsonAsync(sms);
        Assert.Equal(HttpStatusCode.OK, sms.StatusCode);
        AssertStandardAccessToken(smsTokens, "sms-otp");
        var smsId = Jwt.Payload(smsTokens["id_token"]!.GetValue<string>()).AsObject();
        Assert.Equal("+15555550101", smsId["phone_number"]!.GetValue<string>());
        AssertNoInternalClaims(smsId, "id token (sms-otp)");

        // MFA one-time code: SMS sign-up where a second factor is required enrolls TOTP in the flow.
        var first = await Api.ReadJsonAsync(await server.SmsSignInAsync(ProtocolFixture.MfaTenant, "+15555550111"));
        Assert.Equal("mfa_enrollment_required", first["error"]!.GetValue<string>());
        var mfaToken = first["mfa_token"]!.GetValue<string>();
        var secret = server.Secrets["mobile@" + ProtocolFixture.MfaTenant];
        var enroll = await server.Api.Http.PostAsync($"/t/{ProtocolFixture.MfaTenant}/connect/mfa/enroll", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["mfa_token"] = mfaToken,
            ["factor"] = "totp",
            ["client_id"] = "mobile",
            ["client_secret"] = secret,
        }));
        var totp = (await Api.ReadJsonAsync(enroll))["secret"]!.GetValue<string>();
        var mfa = await server.Api.TokenAsync(ProtocolFixture.MfaTenant, ("grant_type", "urn:identity-platform:grant-type:mfa-otp"),
            ("mfa_token", mfaToken), ("factor", "totp"), ("code", TotpCodes.At(totp, TimeProvider.System.GetUtcNow())),
            ("client_id", "mobile"), ("client_secret", secret));
        var mfaTokens = await Api.ReadJsonAsync(mfa);
        Assert.Equal(HttpStatusCode.OK, mfa.StatusCode);
        AssertStandardAccessToken(mfaTokens, "mfa-otp");
        AssertNoInternalClaims(Jwt.Payload(mfaTokens["id_token"]!.GetValue<string>()).AsObject(), "id token (mfa-otp)");
    }

    [Fact]
    public async Task ClientSetting_AccessTokenClaims_AddsTheClaimsOfTheGrantedScopesOnly()
    {
        var client = await server.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{T}/clients/web-claims");
        Assert.True(client["access_token_claims"]!.GetValue<bool>());
        Assert.False((await server.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{T}/clients/web"))["access_token_claims"]!.GetValue<bool>());

        var tokens = await CodeFlowAsync("web-claims", "openid email");
        var access = Jwt.Payload(tokens["access_token"]!.GetValue<string>()).AsObject();
        Assert.Equal(ProtocolFixture.Email, access["email"]!.GetValue<string>());
        Assert.True(access["email_verified"]!.GetValue<bool>());
        Assert.Null(access["name"]);
        Assert.Null(access["given_name"]);
        Assert.Null(access["phone_number"]);
        AssertNoInternalClaims(access, "access token (web-claims)");
        // The identity token follows the granted scopes too: email, no profile claims.
        var id = Jwt.Payload(tokens["id_token"]!.GetValue<string>()).AsObject();
        Assert.Equal(ProtocolFixture.Email, id["email"]!.GetValue<string>());
        Assert.Null(id["name"]);
        Assert.Null(id["given_name"]);

        // An update that leaves the setting out keeps it; one that names it changes it.
        var update = new JsonObject
        {
            ["client_id"] = "web-claims",
            ["display_name"] = "web-claims",
            ["type"] = "confidential",
            ["grant_types"] = new JsonArray("authorization_code"),
            ["scopes"] = new JsonArray("openid", "profile", "email", "phone"),
            ["redirect_uris"] = new JsonArray(R),
        };
        var kept = await server.Api.CallOkAsync(HttpMethod.Put, $"/tenants/{T}/clients/web-claims", update.ToJsonString());
        Assert.True(kept["access_token_claims"]!.GetValue<bool>());
        update["access_token_claims"] = false;
        var off = await server.Api.CallOkAsync(HttpMethod.Put, $"/tenants/{T}/clients/web-claims", update.ToJsonString());
        Assert.False(off["access_token_claims"]!.GetValue<bool>());
        var without = await CodeFlowAsync("web-claims", "openid email");
        Assert.Null(Jwt.Payload(without["access_token"]!.GetValue<string>())["email"]);
        update["access_token_claims"] = true;
        await server.Api.CallOkAsync(HttpMethod.Put, $"/tenants/{T}/clients/web-claims", update.ToJsonString());
    }

    private async Task<JsonNode> CodeFlowAsync(string clientId, string scope)
    {
        var browser = server.NewBrowser();
        var verifier = BrowserSession.Verifier();
        var redirect = await browser.AuthorizeAsync(BrowserSession.AuthorizeUrl(T, clientId, R, verifier, scope), ProtocolFixture.Email, ProtocolFixture.Password);
        return await browser.RedeemAsync(T, clientId, server.Secrets[clientId], R, BrowserSession.CodeOf(redirect), verifier);
    }

    private static void AssertStandardAccessToken(JsonNode tokens, string grant)
    {
        var access = Jwt.Payload(tokens["access_token"]!.GetValue<string>()).AsObject();
        var extra = access.Select(p => p.Key).Where(k => !AccessTokenClaims.Contains(k)).ToList();
        Assert.True(extra.Count == 0, $"{grant}: unexpected access token claims {string.Join(", ", extra)}");
        Assert.DoesNotContain(access, p => IdentityClaims.Contains(p.Key));
        foreach (var claim in new[] { "iss", "sub", "exp", "iat", "jti", "client_id", "tenant" })
        {
            Assert.True(access.ContainsKey(claim), $"{grant}: no {claim} in the access token");
        }
        if (grant != "client_credentials")
        {
            foreach (var claim in new[] { "scope", "auth_time", "acr", "amr" })
            {
                Assert.True(access.ContainsKey(claim), $"{grant}: no {claim} in the access token");
            }
        }
    }

    private static void AssertNoInternalClaims(JsonObject payload, string what)
    {
        var internals = payload.Select(p => p.Key).Where(k => k.StartsWith("oi_", StringComparison.Ordinal)).ToList();
        Assert.True(internals.Count == 0, $"{what}: library-internal claims {string.Join(", ", internals)}");
    }
}

public sealed class TokenContentsTests(ProtocolFixture server) : TokenContentsTestsBase<ProtocolFixture>(server), IClassFixture<ProtocolFixture>;
