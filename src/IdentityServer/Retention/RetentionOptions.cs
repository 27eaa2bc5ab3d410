namespace IdentityServer.Retention;

/// <summary>Retention__*: the pruning job (SPEC 8). Audit events are kept per tenant (settings: audit.retention_days).</summary>
internal sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>Retention__Enabled: run the job on this node. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Retention__Interval: how often a node tries to take the lease and prune. Default 1 hour.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Retention__Grace: how long an expired code, ticket, token or queue row is kept before it is deleted. Default 1 day.</summary>
    public TimeSpan Grace { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Revoked and retired keys stay listed (GET keys) this long, then their rows are deleted.</summary>
    public static readonly TimeSpan RetiredKeys = TimeSpan.FromDays(30);
}
