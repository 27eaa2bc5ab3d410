using IdentityServer.Protocol;
using IdentityServer.Tenancy;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace IdentityServer.Oidc;

/// <summary>
/// SPEC 3: an access token carries iss sub aud exp iat jti client_id scope auth_time acr amr tenant
/// (and the user's management roles); profile, email and phone claims only for granted scopes, and
/// only where the client's <c>access_token_claims</c> setting asks for them. The client comes from
/// the token endpoint's snapshot cache, so this adds no database work; a client_credentials token
/// has no such claims and skips the lookup. Every access token names its tenant, a client's too and
/// a user's created by this very sign-in (whose row gets its tenant only when it is saved).
/// </summary>
internal sealed class AccessTokenClaimsHandler(IOpenIddictApplicationManager apps, TenantContext tenant) : IOpenIddictServerHandler<ProcessSignInContext>
{
    /// <summary>The OpenIddict application setting behind the client's <c>access_token_claims</c>.</summary>
    public const string Setting = "access_token_claims";

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        ServerHandler.Scoped<ProcessSignInContext, AccessTokenClaimsHandler>(OpenIddictServerHandlers.PrepareAccessTokenPrincipal.Descriptor.Order + 500);

    /// <summary>The scope that grants a user claim, or null for a claim no scope governs.</summary>
    public static string? ScopeOf(string claimType) => claimType switch
    {
        Claims.Name or Claims.GivenName or Claims.FamilyName or Claims.MiddleName or Claims.Nickname
            or Claims.PreferredUsername => Scopes.Profile,
        Claims.Email or Claims.EmailVerified => Scopes.Email,
        Claims.PhoneNumber or Claims.PhoneNumberVerified => Scopes.Phone,
        _ => null,
    };

    public async ValueTask HandleAsync(ProcessSignInContext context)
    {
        if (context.AccessTokenPrincipal is not { } principal)
        {
            return;
        }
        if (string.IsNullOrEmpty(principal.GetClaim(PlatformClaims.Tenant)) && tenant.TenantId is { } tenantId)
        {
            principal.SetClaim(PlatformClaims.Tenant, tenantId);
        }
        var scoped = principal.Claims.Where(c => ScopeOf(c.Type) is not null).ToList();
        if (scoped.Count == 0)
        {
            return;
        }
        var optedIn = await OptedInAsync(context.ClientId ?? context.Request?.ClientId, context.CancellationToken);
        foreach (var claim in scoped)
        {
            if (!optedIn || !principal.HasScope(ScopeOf(claim.Type)!))
            {
                claim.Subject?.RemoveClaim(claim);
            }
        }
    }

    private async ValueTask<bool> OptedInAsync(string? clientId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(clientId) || await apps.FindByClientIdAsync(clientId, ct) is not { } app)
        {
            return false;
        }
        var settings = await apps.GetSettingsAsync(app, ct);
        return settings.TryGetValue(Setting, out var value) && value == "true";
    }
}
