using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;

namespace IdentityServer.HotPath;

/// <summary>
/// Links OpenIddict rows to their client (and a token to its authorization) through the foreign
/// key alone: OpenIddict's stores load the related row to set or read a navigation, one query per
/// row. The manager sets the client before the row is added, so the key waits here until the store
/// adds the row; the key of a tracked row is read from the row itself.
/// </summary>
internal sealed class ForeignKeys<TEntity>
    where TEntity : class
{
    private readonly ConditionalWeakTable<TEntity, string> _pending = new();

    /// <summary>Remembers the client of a row not added yet; false when the store should do it its own way.</summary>
    public bool TryRemember(DbContext context, TEntity entity, string? applicationId)
    {
        if (string.IsNullOrEmpty(applicationId) || context.Entry(entity).State != EntityState.Detached)
        {
            return false;
        }
        _pending.AddOrUpdate(entity, applicationId);
        return true;
    }

    /// <summary>Adds the row to the context with the client's key it was given.</summary>
    public void Add(DbContext context, TEntity entity)
    {
        var entry = context.Add(entity);
        if (_pending.TryGetValue(entity, out var applicationId))
        {
            entry.Property(ForeignKeyOf(entry, "Application")).CurrentValue = applicationId;
            _pending.Remove(entity);
        }
    }

    /// <summary>The key of the row's <paramref name="navigation"/> (Application, Authorization) when the row is tracked; null when not.</summary>
    public static bool TryRead(DbContext context, TEntity entity, string navigation, out string? key)
    {
        var entry = context.Entry(entity);
        key = null;
        if (entry.State == EntityState.Detached)
        {
            return false;
        }
        key = entry.Property(ForeignKeyOf(entry, navigation)).CurrentValue as string;
        return true;
    }

    private static string ForeignKeyOf(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry entry, string navigation) =>
        (entry.Navigation(navigation).Metadata as Microsoft.EntityFrameworkCore.Metadata.INavigation
         ?? throw new InvalidOperationException($"The entity has no {navigation} navigation.")).ForeignKey.Properties[0].Name;
}
