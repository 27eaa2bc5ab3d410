using System.Security.Claims;
using IdentityServer.Data;
using IdentityServer.Oidc;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace IdentityServer.Management;

/// <summary>Who calls the management API, read from a validated access token (SPEC 7).</summary>
internal sealed record ManagementCaller(string Tenant, string Subject, bool IsUser, IReadOnlySet<string> Roles, IReadOnlySet<string> Scopes,
    string? UserActor = null)
{
    public const string TenantClaim = "mgmt_tenant";
    /// <summary>The user's audit name as the user is now (their email), set by ManagementAuthentication.</summary>
    public const string ActorClaim = "mgmt_actor";

    /// <summary>platform_admin of tenant platform, or a platform client granted idp_admin.</summary>
    public bool IsPlatformAdmin =>
        Tenant == Data.Tenant.Platform && Scopes.Contains(PlatformScopes.IdpAdmin)
        && (IsUser ? Roles.Contains(Oidc.Roles.PlatformAdmin) : true);

    /// <summary>A platform admin manages every tenant; a tenant_admin of X manages X only.</summary>
    public bool CanManage(string tenant) =>
        IsPlatformAdmin
        || (tenant != Data.Tenant.Platform && Scopes.Contains(PlatformScopes.IdpAdmin) && IsUser && Tenant == tenant && Roles.Contains(Oidc.Roles.TenantAdmin));

    /// <summary>How the caller appears in the audit log (Audit/AuditActor): the user's email, or client:{client_id}.</summary>
    public string Actor => IsUser ? UserActor ?? "user:" + Subject : Audit.AuditActor.Client(Subject);

    public static ManagementCaller? From(ClaimsPrincipal principal)
    {
        var tenant = principal.FindFirstValue(TenantClaim);
        var subject = principal.FindFirstValue(Claims.Subject);
        if (tenant is null || subject is null)
        {
            return null;
        }
        var clientId = principal.FindFirstValue(Claims.ClientId) ?? principal.FindFirstValue("azp");
        // A client_credentials token's subject is the client itself.
        var isUser = subject != clientId;
        var roles = principal.FindAll(Claims.Role).Select(c => c.Value).ToHashSet();
        var scopes = principal.FindAll(Claims.Scope).SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToHashSet();
        return new ManagementCaller(tenant, subject, isUser, roles, scopes, principal.FindFirstValue(ActorClaim));
    }
}
