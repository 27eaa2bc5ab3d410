using System.Collections.Concurrent;
using IdentityServer.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace IdentityServer.Management;

/// <summary>
/// Issue 12 point 15 (SPEC 7): management access follows the user, not the token. A user's
/// token is taken only while the user exists and is active, with the roles the user has now;
/// each (tenant, subject) is read again after <see cref="ManagementOptions.UserRecheckInterval"/>
/// (at most 60 s), so a disabled user or a removed role loses access within that time.
/// </summary>
internal sealed class ManagementUserStatus(IServiceScopeFactory scopes, IOptions<ManagementOptions> options, TimeProvider time)
{
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<(string Tenant, string Subject), Entry> _cache = new();

    /// <summary>The user's current roles and audit name (<see cref="Audit.AuditActor"/>), or null when the user is gone or disabled.</summary>
    public async Task<CurrentUser?> CurrentAsync(string tenant, string subject, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue((tenant, subject), out var entry) && entry.Until > now)
        {
            return entry.User;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        // The token names its tenant: read that tenant's user whatever this scope's tenant is.
        var user = await db.Users.IgnoreQueryFilters().AsNoTracking()
            .Where(u => u.TenantId == tenant && u.Id == subject)
            .Select(u => new { u.Disabled, u.Roles, u.Email, u.PhoneNumber })
            .FirstOrDefaultAsync(ct);
        var current = user is null || user.Disabled
            ? null
            : new CurrentUser(user.Roles.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                Audit.AuditActor.For(user.Email, user.PhoneNumber, subject));
        if (_cache.Count >= MaxEntries)
        {
            _cache.Clear();
        }
        _cache[(tenant, subject)] = new Entry(current, now + options.Value.UserRecheckInterval);
        return current;
    }

    public sealed record CurrentUser(IReadOnlyList<string> Roles, string Actor);

    private sealed record Entry(CurrentUser? User, DateTimeOffset Until);
}
