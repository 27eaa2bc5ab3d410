using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;

namespace IdentityServer.Oidc;

/// <summary>
/// Links new OpenIddict rows to their client through the foreign key alone: OpenIddict's stores
/// load the client's row to set the navigation, one query per row. The manager sets the client
/// before the row is added, so the key waits here until the store adds the row.
/// </summary>
internal sealed class ApplicationKey<TEntity>
    where TEntity : class
{
    private readonly ConditionalWeakTable<TEntity, string> pending = new();

    /// <summary>Remembers the client of a row not added yet; false when the store should do it its own way.</summary>
    public bool TryRemember(DbContext context, TEntity entity, string? applicationId)
    {
        if (string.IsNullOrEmpty(applicationId) || context.Entry(entity).State != EntityState.Detached)
        {
            return false;
        }
        pending.AddOrUpdate(entity, applicationId);
        return true;
    }

    /// <summary>Adds the row to the context with the client's key it was given.</summary>
    public void Add(DbContext context, TEntity entity)
    {
        var entry = context.Add(entity);
        if (pending.TryGetValue(entity, out var applicationId))
        {
            var navigation = entry.Navigation("Application").Metadata as Microsoft.EntityFrameworkCore.Metadata.INavigation
                ?? throw new InvalidOperationException("The entity has no Application navigation.");
            entry.Property(navigation.ForeignKey.Properties[0].Name).CurrentValue = applicationId;
            pending.Remove(entity);
        }
    }
}
