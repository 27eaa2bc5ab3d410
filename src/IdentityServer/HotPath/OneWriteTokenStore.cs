using IdentityServer.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using OpenIddict.EntityFrameworkCore;

namespace IdentityServer.HotPath;

/// <summary>
/// OpenIddict's EF Core token store, with two savings on the token endpoint's hot path: while the
/// grant's unit of work is open (<see cref="UnitOfWork"/>) new and changed tokens wait for its one
/// commit (<see cref="OneWriteSignInHandler"/>), and a token's client is linked by key instead of by
/// loading the client's row (<see cref="ForeignKeys{TEntity}"/>).
/// </summary>
internal sealed class OneWriteTokenStore(
    IMemoryCache cache,
    IOpenIddictEntityFrameworkCoreContext context,
    IOptionsMonitor<OpenIddictEntityFrameworkCoreOptions> options,
    PlatformDbContext db,
    UnitOfWork unit)
    : OpenIddictEntityFrameworkCoreTokenStore<TenantToken, TenantApplication, TenantAuthorization, string>(
        cache, context, options)
{
    private readonly ForeignKeys<TenantToken> _keys = new();

    public override async ValueTask CreateAsync(TenantToken token, CancellationToken cancellationToken)
    {
        _keys.Add(db, token);
        await unit.SaveAsync(cancellationToken);
    }

    public override async ValueTask UpdateAsync(TenantToken token, CancellationToken cancellationToken)
    {
        if (!unit.IsOpen)
        {
            await base.UpdateAsync(token, cancellationToken);
            return;
        }
        // A row added in this window is inserted with its current values by the one save.
        if (db.Entry(token).State == EntityState.Added)
        {
            return;
        }
        // As the base store does, minus the save: a new concurrency token, so that the one save
        // fails (and the response with it) when another request changed the row since it was read.
        db.Attach(token);
        token.ConcurrencyToken = Guid.NewGuid().ToString();
        db.Update(token);
    }

    public override async ValueTask SetApplicationIdAsync(TenantToken token, string? identifier, CancellationToken cancellationToken)
    {
        if (!_keys.TryRemember(db, token, identifier))
        {
            await base.SetApplicationIdAsync(token, identifier, cancellationToken);
        }
    }

    public override ValueTask<string?> GetApplicationIdAsync(TenantToken token, CancellationToken cancellationToken) =>
        token.Application is null && ForeignKeys<TenantToken>.TryRead(db, token, "Application", out var key)
            ? ValueTask.FromResult(key)
            : base.GetApplicationIdAsync(token, cancellationToken);

    public override ValueTask<string?> GetAuthorizationIdAsync(TenantToken token, CancellationToken cancellationToken) =>
        token.Authorization is null && ForeignKeys<TenantToken>.TryRead(db, token, "Authorization", out var key)
            ? ValueTask.FromResult(key)
            : base.GetAuthorizationIdAsync(token, cancellationToken);
}
