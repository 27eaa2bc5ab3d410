using System.ComponentModel.DataAnnotations;

namespace IdentityServer.Data;

internal sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Database__Provider: Sqlite (default), SqlServer or PostgreSql.</summary>
    [Required(ErrorMessage = "Database__Provider is required (Sqlite, SqlServer or PostgreSql).")]
    [RegularExpression("^(Sqlite|SqlServer|PostgreSql)$",
        ErrorMessage = "Database__Provider must be Sqlite, SqlServer or PostgreSql.")]
    public string Provider { get; set; } = "Sqlite";

    /// <summary>
    /// Database__ThreadSafetyChecks: EF Core's check that a context is not used by two threads at
    /// once. It costs a few percent of every query and save, so it is off unless asked for (the
    /// tests turn it on).
    /// </summary>
    public bool ThreadSafetyChecks { get; set; }

    /// <summary>
    /// Database__MigrateOnly: apply the pending migrations and exit (0 on success) without serving:
    /// the migration job a deployment runs before rolling out a new version.
    /// </summary>
    public bool MigrateOnly { get; set; }

    /// <summary>
    /// Database__MigrateAtStart (default true): each node applies pending migrations as it starts.
    /// With false (deployments that migrate in a job) a node refuses to start while migrations are pending.
    /// </summary>
    public bool MigrateAtStart { get; set; } = true;
}
