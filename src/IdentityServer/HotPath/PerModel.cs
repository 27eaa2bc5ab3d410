using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace IdentityServer.HotPath;

/// <summary>
/// A compiled query per EF model: a compiled query belongs to the model (the provider) it was
/// first run with, and one process may use several (SQLite and PostgreSQL side by side in tests).
/// </summary>
internal sealed class PerModel<TQuery>(Func<TQuery> compile) where TQuery : class
{
    private readonly ConditionalWeakTable<IModel, TQuery> _byModel = [];

    public TQuery For(DbContext db) => _byModel.GetValue(db.Model, _ => compile());
}
