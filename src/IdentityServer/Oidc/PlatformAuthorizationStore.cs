using IdentityServer.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using OpenIddict.EntityFrameworkCore;

namespace IdentityServer.Oidc;

/// <summary>
/// OpenIddict's EF Core authorization store: while a sign-in defers its writes
/// (<see cref="OneWriteSignIn"/>) a new ad-hoc authorization waits for its one save, and an
/// authorization's client is linked by key instead of by loading the client's row.
/// </summary>
public sealed class PlatformAuthorizationStore(
    IMemoryCache cache,
    IOpenIddictEntityFrameworkCoreContext context,
    IOptionsMonitor<OpenIddictEntityFrameworkCoreOptions> options,
    PlatformDbContext db,
    OneWriteSignIn writes)
    : OpenIddictEntityFrameworkCoreAuthorizationStore<TenantAuthorization, TenantApplication, TenantToken, string>(
        cache, context, options)
{
    private readonly ForeignKeys<TenantAuthorization> keys = new();

    public override async ValueTask CreateAsync(TenantAuthorization authorization, CancellationToken cancellationToken)
    {
        keys.Add(db, authorization);
        if (!writes.Deferring)
        {
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    public override async ValueTask SetApplicationIdAsync(TenantAuthorization authorization, string? identifier,
        CancellationToken cancellationToken)
    {
        if (!keys.TryRemember(db, authorization, identifier))
        {
            await base.SetApplicationIdAsync(authorization, identifier, cancellationToken);
        }
    }

    public override ValueTask<string?> GetApplicationIdAsync(TenantAuthorization authorization, CancellationToken cancellationToken) =>
        authorization.Application is null && ForeignKeys<TenantAuthorization>.TryRead(db, authorization, "Application", out var key)
            ? ValueTask.FromResult(key)
            : base.GetApplicationIdAsync(authorization, cancellationToken);
}
