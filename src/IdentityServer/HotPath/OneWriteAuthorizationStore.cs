using IdentityServer.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using OpenIddict.EntityFrameworkCore;

namespace IdentityServer.HotPath;

/// <summary>
/// OpenIddict's EF Core authorization store: while the grant's unit of work is open
/// (<see cref="UnitOfWork"/>) a new ad-hoc authorization waits for its one commit, and an
/// authorization's client is linked by key instead of by loading the client's row.
/// </summary>
internal sealed class OneWriteAuthorizationStore(
    IMemoryCache cache,
    IOpenIddictEntityFrameworkCoreContext context,
    IOptionsMonitor<OpenIddictEntityFrameworkCoreOptions> options,
    PlatformDbContext db,
    UnitOfWork unit)
    : OpenIddictEntityFrameworkCoreAuthorizationStore<TenantAuthorization, TenantApplication, TenantToken, string>(
        cache, context, options)
{
    private readonly ForeignKeys<TenantAuthorization> _keys = new();

    public override async ValueTask CreateAsync(TenantAuthorization authorization, CancellationToken cancellationToken)
    {
        _keys.Add(db, authorization);
        await unit.SaveAsync(cancellationToken);
    }

    public override async ValueTask SetApplicationIdAsync(TenantAuthorization authorization, string? identifier,
        CancellationToken cancellationToken)
    {
        if (!_keys.TryRemember(db, authorization, identifier))
        {
            await base.SetApplicationIdAsync(authorization, identifier, cancellationToken);
        }
    }

    public override ValueTask<string?> GetApplicationIdAsync(TenantAuthorization authorization, CancellationToken cancellationToken) =>
        authorization.Application is null && ForeignKeys<TenantAuthorization>.TryRead(db, authorization, "Application", out var key)
            ? ValueTask.FromResult(key)
            : base.GetApplicationIdAsync(authorization, cancellationToken);
}
