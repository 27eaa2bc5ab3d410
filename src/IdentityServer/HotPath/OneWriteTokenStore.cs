using IdentityServer.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using OpenIddict.EntityFrameworkCore;

namespace IdentityServer.HotPath;

/// <summary>
/// OpenIddict's EF Core token store, with two savings on the token endpoint's hot path: while the
/// grant's unit of work is open new and changed tokens wait for its one commit
/// (<see cref="OneWriteSignInHandler"/>), and a token's client and authorization are linked by key
/// instead of by loading their rows (<see cref="OneWriteRows{TEntity}"/>).
/// </summary>
internal sealed class OneWriteTokenStore(
    IMemoryCache cache,
    IOpenIddictEntityFrameworkCoreContext context,
    IOptionsMonitor<OpenIddictEntityFrameworkCoreOptions> options,
    OneWriteRows<TenantToken> rows)
    : OpenIddictEntityFrameworkCoreTokenStore<TenantToken, TenantApplication, TenantAuthorization, string>(
        cache, context, options)
{
    public override ValueTask CreateAsync(TenantToken token, CancellationToken cancellationToken) =>
        rows.AddAsync(token, cancellationToken);

    public override async ValueTask UpdateAsync(TenantToken token, CancellationToken cancellationToken)
    {
        if (!rows.Unit.IsOpen)
        {
            await base.UpdateAsync(token, cancellationToken);
            return;
        }
        // A row added in this window is inserted with its current values by the one save.
        if (rows.Db.Entry(token).State == EntityState.Added)
        {
            return;
        }
        // As the base store does, minus the save: a new concurrency token, so that the one save
        // fails (and the response with it) when another request changed the row since it was read.
        rows.Db.Attach(token);
        token.ConcurrencyToken = Guid.NewGuid().ToString();
        rows.Db.Update(token);
    }

    public override ValueTask SetApplicationIdAsync(TenantToken token, string? identifier, CancellationToken cancellationToken) =>
        rows.SetApplicationIdAsync(token, identifier, () => base.SetApplicationIdAsync(token, identifier, cancellationToken));

    public override ValueTask<string?> GetApplicationIdAsync(TenantToken token, CancellationToken cancellationToken) =>
        rows.KeyOfAsync(token, token.Application, "Application", () => base.GetApplicationIdAsync(token, cancellationToken));

    public override ValueTask<string?> GetAuthorizationIdAsync(TenantToken token, CancellationToken cancellationToken) =>
        rows.KeyOfAsync(token, token.Authorization, "Authorization", () => base.GetAuthorizationIdAsync(token, cancellationToken));
}
