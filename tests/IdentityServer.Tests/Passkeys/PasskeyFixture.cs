using System.Text.Json.Nodes;
using IdentityServer.Data;
using IdentityServer.Tenancy;
using IdentityServer.Tests.Infrastructure;
using IdentityServer.Tests.SmsSignIn;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace IdentityServer.Tests.Passkeys;

/// <summary>
/// A server on a real socket whose public origin is http://localhost:{port} (a WebAuthn RP id must be a
/// host name, never 127.0.0.1), with tenant "keys": password, SMS sign-up with a required second factor,
/// factors webauthn, totp, recovery codes and email; a "web" client (code flow back to a page of the server)
/// and a "mobile" client (SMS and MFA grants). Tenant "passkeys" is the same with passkey sign-in on (on its
/// sign-in page, autofill signs in at once with the virtual authenticator's passkey: conditional UI).
/// </summary>
public sealed class PasskeyFixture : SmsFixture
{
    public const string MfaGrant = "urn:identity-platform:grant-type:mfa-otp";
    public Uri BaseAddress { get; private set; } = null!;
    public Dictionary<string, string> WebSecrets { get; } = new();
    public string Redirect => new Uri(BaseAddress, "/health/live").ToString();

    public override async Task InitializeAsync()
    {
        var port = FreePort.OnLoopback();
        Factory.Settings["PublicOrigin:Url"] = $"http://localhost:{port}";
        Factory.ListenOnLoopback(port);
        BaseAddress = new Uri($"http://localhost:{port}/");
        await base.InitializeAsync();
        await SetUpAsync("keys", passkeySignIn: false);
        await SetUpAsync("passkeys", passkeySignIn: true);
    }

    private async Task SetUpAsync(string tenant, bool passkeySignIn)
    {
        await Api.CreateTenantAsync(tenant);
        var settings = await Api.CallOkAsync(HttpMethod.Get, $"/tenants/{tenant}/settings");
        settings["sign_in"]!["sms"]!["enabled"] = true;
        settings["sign_in"]!["sms"]!["sign_up"] = true;
        settings["sign_in"]!["passkey"]!["enabled"] = passkeySignIn;
        settings["mfa"]!["factors"] = new JsonArray("webauthn", "totp", "recovery_code", "email");
        await Api.CallOkAsync(HttpMethod.Put, $"/tenants/{tenant}/settings", settings.ToJsonString());
        Secrets[tenant] = (await Api.CreateClientAsync(tenant, "mobile", [SmsGrant, MfaGrant, "refresh_token"]))!;
        WebSecrets[tenant] = (await Api.CreateClientAsync(tenant, "web", ["authorization_code"], redirectUris: [Redirect]))!;
    }

    public string Url(string pathAndQuery) => new Uri(BaseAddress, pathAndQuery).ToString();

    /// <summary>Waits for the page to land on <see cref="Redirect"/> and redeems the code for the "web" client.</summary>
    public async Task<JsonNode> RedeemAsync(IPage page, string verifier, string tenant = "keys")
    {
        await page.ArrivedAtAsync(url => url.StartsWith(Redirect, StringComparison.Ordinal));
        var code = QueryHelpers.ParseQuery(new Uri(page.Url).Query)["code"].ToString();
        return await NewBrowser().RedeemAsync(tenant, "web", WebSecrets[tenant], Redirect, code, verifier);
    }

    /// <summary>Reads or changes a tenant's rows as the server stores them.</summary>
    internal async Task<T> DbAsync<T>(Func<PlatformDbContext, Task<T>> work, string tenant = "keys")
    {
        using var scope = Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(await db.Tenants.SingleAsync(t => t.Id == tenant));
        return await work(db);
    }

    internal Task<List<Passkey>> PasskeysOfAsync(string userId) => DbAsync(db => db.Passkeys.Where(p => p.UserId == userId).ToListAsync());

    public async Task<string[]> AuditActionsAsync(string action, string userId, string tenant = "keys")
    {
        var events = await Api.CallOkAsync(HttpMethod.Get, $"/tenants/{tenant}/audit?action={action}&page_size=200");
        return events["items"]!.AsArray().Where(e => e!["target"]?.GetValue<string>() == "user:" + userId)
            .Select(e => e!["details"]?.ToJsonString() ?? "").ToArray();
    }
}
