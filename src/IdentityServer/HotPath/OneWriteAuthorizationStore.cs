using IdentityServer.Data;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using OpenIddict.EntityFrameworkCore;

namespace IdentityServer.HotPath;

/// <summary>
/// OpenIddict's EF Core authorization store: while the grant's unit of work is open a new ad-hoc
/// authorization waits for its one commit, and its client is linked by key (<see cref="OneWriteRows{TEntity}"/>).
/// </summary>
internal sealed class OneWriteAuthorizationStore(
    IMemoryCache cache,
    IOpenIddictEntityFrameworkCoreContext context,
    IOptionsMonitor<OpenIddictEntityFrameworkCoreOptions> options,
    OneWriteRows<TenantAuthorization> rows)
    : OpenIddictEntityFrameworkCoreAuthorizationStore<TenantAuthorization, TenantApplication, TenantToken, string>(
        cache, context, options)
{
    public override ValueTask CreateAsync(TenantAuthorization authorization, CancellationToken cancellationToken) =>
        rows.AddAsync(authorization, cancellationToken);

    public override ValueTask SetApplicationIdAsync(TenantAuthorization authorization, string? identifier, CancellationToken cancellationToken) =>
        rows.SetApplicationIdAsync(authorization, identifier, () => base.SetApplicationIdAsync(authorization, identifier, cancellationToken));

    public override ValueTask<string?> GetApplicationIdAsync(TenantAuthorization authorization, CancellationToken cancellationToken) =>
        rows.KeyOfAsync(authorization, authorization.Application, "Application", () => base.GetApplicationIdAsync(authorization, cancellationToken));
}
