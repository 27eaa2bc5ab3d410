namespace IdentityServer.Management;

/// <summary>Management API settings (section <c>Management</c>).</summary>
internal sealed class ManagementOptions
{
    /// <summary>
    /// How long a user's status and roles are trusted before they are read again for the
    /// management API (SPEC 7: a disabled user or a removed role loses access within 60 s).
    /// Default 30 s; 1 s to 60 s.
    /// </summary>
    public TimeSpan UserRecheckInterval { get; set; } = TimeSpan.FromSeconds(30);
}
