using System.Runtime.CompilerServices;
using IdentityServer.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace IdentityServer.HotPath;

/// <summary>
/// What the one-write token and authorization stores share, per request: a new OpenIddict row
/// waits for the grant's one commit (<see cref="UnitOfWork"/>), and a row is linked to its client
/// (a token to its authorization) through the foreign key alone. OpenIddict's stores load the
/// related row to set or read a navigation, one query per row; the manager sets the client before
/// the row is added, so the key waits here until the row is added, and the key of a tracked row is
/// read from the row itself.
/// </summary>
internal sealed class OneWriteRows<TEntity>(PlatformDbContext db, UnitOfWork unit)
    where TEntity : class
{
    private readonly ConditionalWeakTable<TEntity, string> _pending = new();

    public PlatformDbContext Db => db;

    public UnitOfWork Unit => unit;

    /// <summary>Adds the row with the client's key it was given; saved now, or by the unit's commit while it is open.</summary>
    public async ValueTask AddAsync(TEntity entity, CancellationToken cancellationToken)
    {
        var entry = db.Add(entity);
        if (_pending.TryGetValue(entity, out var applicationId))
        {
            entry.Property(ForeignKeyOf(entry, "Application")).CurrentValue = applicationId;
            _pending.Remove(entity);
        }
        await unit.SaveAsync(cancellationToken);
    }

    /// <summary>Remembers the client of a row not added yet; otherwise the store's own way (<paramref name="fallback"/>).</summary>
    public ValueTask SetApplicationIdAsync(TEntity entity, string? applicationId, Func<ValueTask> fallback)
    {
        if (string.IsNullOrEmpty(applicationId) || db.Entry(entity).State != EntityState.Detached)
        {
            return fallback();
        }
        _pending.AddOrUpdate(entity, applicationId);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// The key of the row's <paramref name="navigation"/> (Application, Authorization) read from a
    /// tracked row whose related row is not loaded; otherwise the store's own way.
    /// </summary>
    public ValueTask<string?> KeyOfAsync(TEntity entity, object? loaded, string navigation, Func<ValueTask<string?>> fallback)
    {
        var entry = db.Entry(entity);
        return loaded is null && entry.State != EntityState.Detached
            ? ValueTask.FromResult(entry.Property(ForeignKeyOf(entry, navigation)).CurrentValue as string)
            : fallback();
    }

    private static string ForeignKeyOf(EntityEntry entry, string navigation) =>
        (entry.Navigation(navigation).Metadata as INavigation
         ?? throw new InvalidOperationException($"The entity has no {navigation} navigation.")).ForeignKey.Properties[0].Name;
}
