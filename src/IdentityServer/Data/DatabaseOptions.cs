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
}
