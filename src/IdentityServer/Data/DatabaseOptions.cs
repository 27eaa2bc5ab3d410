using System.ComponentModel.DataAnnotations;

namespace IdentityServer.Data;

public sealed class DatabaseOptions
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
}
