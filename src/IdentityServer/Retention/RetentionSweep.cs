using IdentityServer.Data;
using IdentityServer.Keys;
using IdentityServer.Tenancy;
using IdentityServer.Tenancy.Settings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;

namespace IdentityServer.Retention;

/// <summary>
/// SPEC 8: deletes what has expired: tokens and authorizations (OpenIddict's pruning, per tenant),
/// one-time codes and their send counters, MFA tickets, revoked-access-token rows, send-queue rows
/// nobody will send, old retired keys, and audit events older than each tenant's retention.
/// </summary>
internal sealed class RetentionSweep(PlatformDbContext db, IServiceScopeFactory scopes, TimeProvider time, IOptions<RetentionOptions> options)
{
    public async Task<RetentionResult> RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var cutoff = now - options.Value.Grace;
        long tokens = 0, authorizations = 0;
        var audit = 0;
        foreach (var tenant in await db.Tenants.AsNoTracking().ToListAsync(ct))
        {
            (var t, var a) = await PruneOpenIddictAsync(tenant, cutoff, ct);
            tokens += t;
            authorizations += a;
            var keepFrom = now - TimeSpan.FromDays(TenantSettingsStore.Read(tenant).Audit.RetentionDays);
            audit += await db.AuditEvents.IgnoreQueryFilters().Where(e => e.TenantId == tenant.Id && e.At < keepFrom).ExecuteDeleteAsync(ct);
        }
        // The codes are the send log of the hourly limits: kept a day past their expiry.
        var codes = await db.OneTimeCodes.IgnoreQueryFilters().Where(c => c.ExpiresAt < cutoff).ExecuteDeleteAsync(ct);
        var oldestBucket = cutoff.ToUnixTimeSeconds() / 60;
        // Bucket 0 is a tenant's lock row (CodeSender), not a count.
        var counters = await db.SmsSendCounters.IgnoreQueryFilters().Where(c => c.Bucket > 0 && c.Bucket < oldestBucket).ExecuteDeleteAsync(ct);
        var tickets = await db.MfaTickets.IgnoreQueryFilters().Where(t => t.ExpiresAt < cutoff).ExecuteDeleteAsync(ct);
        // A revoked access token's row means nothing once the token has expired anyway.
        var revoked = await db.RevokedAccessTokens.IgnoreQueryFilters().Where(t => t.ExpiresAt < now).ExecuteDeleteAsync(ct);
        // A message a day old is not worth sending: its code expired long ago.
        var queued = await db.OutgoingMessages.Where(m => m.CreatedAt < cutoff).ExecuteDeleteAsync(ct);
        var keyCutoff = now - RetentionOptions.RetiredKeys;
        var keys = await db.StoredKeys.Where(k => k.Use != KeyUses.CodeHash
            && (k.RetiresAt < keyCutoff || k.RevokedAt < keyCutoff || (k.Use == KeyUses.Signing && k.TenantId == ""))).ExecuteDeleteAsync(ct);
        return new RetentionResult(tokens, authorizations, codes, counters, tickets, revoked, queued, audit, keys);
    }

    // OpenIddict's stores see one tenant at a time (query filters), so its pruning runs in a scope per tenant.
    private async Task<(long Tokens, long Authorizations)> PruneOpenIddictAsync(Tenant tenant, DateTimeOffset cutoff, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant);
        var tokens = await scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>().PruneAsync(cutoff, ct);
        var authorizations = await scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>().PruneAsync(cutoff, ct);
        return (tokens, authorizations);
    }
}
