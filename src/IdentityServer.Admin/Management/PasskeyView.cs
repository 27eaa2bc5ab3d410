namespace IdentityServer.Admin.Management;

/// <summary>One of a user's passkeys as the API shows it (GET users/{id}/passkeys, issue 16 point 7).</summary>
public sealed record PasskeyView(string Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, bool BackupEligible = false);
