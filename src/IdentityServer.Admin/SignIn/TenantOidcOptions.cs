using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace IdentityServer.Admin.SignIn;

/// <summary>
/// A tenant's OIDC sign-in: the admin-app client of that tenant's issuer, code + PKCE, tokens kept
/// in the tenant's cookie; callbacks under /t/{tenant}/ as the server registers them.
/// </summary>
internal sealed class TenantOidcOptions(IOptions<AdminOptions> admin) : IConfigureNamedOptions<OpenIdConnectOptions>
{
    public const string ClientId = "admin-app";

    public static readonly string[] Scopes = ["openid", "profile", "email", "roles", "offline_access", "idp_admin"];

    public void Configure(string? name, OpenIdConnectOptions options)
    {
        if (!TenantSchemes.IsOidc(name, out var tenant))
        {
            return;
        }
        options.Authority = admin.Value.IssuerOf(tenant);
        options.RequireHttpsMetadata = options.Authority.StartsWith("https:", StringComparison.Ordinal);
        options.ClientId = ClientId;
        options.ResponseType = OpenIdConnectResponseType.Code;
        options.UsePkce = true;
        options.SaveTokens = true;
        options.Scope.Clear();
        foreach (var scope in Scopes)
        {
            options.Scope.Add(scope);
        }
        options.SignInScheme = TenantSchemes.Cookie(tenant);
        options.CallbackPath = $"/t/{tenant}/signin-oidc";
        options.SignedOutCallbackPath = $"/t/{tenant}/signout-callback-oidc";
        options.SignedOutRedirectUri = $"/signed-out?tenant={tenant}";
        options.MapInboundClaims = false;
        options.GetClaimsFromUserInfoEndpoint = false;
        options.TokenValidationParameters.NameClaimType = "name";
        options.TokenValidationParameters.RoleClaimType = "role";
        options.Events.OnRemoteFailure = context =>
        {
            // A refused or broken sign-in lands on a readable page instead of an exception.
            context.Response.Redirect($"/sign-in-failed?tenant={tenant}");
            context.HandleResponse();
            return Task.CompletedTask;
        };
    }

    public void Configure(OpenIdConnectOptions options) => Configure(Options.DefaultName, options);
}
