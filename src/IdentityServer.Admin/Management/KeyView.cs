namespace IdentityServer.Admin.Management;

/// <summary>One of the tenant's signing keys as GET keys shows it (SPEC 7/9): never its private part.</summary>
public sealed record KeyView(string Kid, string Alg, string Status, DateTimeOffset CreatedAt, DateTimeOffset ActivatesAt,
    DateTimeOffset? RetiresAt, DateTimeOffset? RevokedAt);

/// <summary>The answer of GET keys and POST keys/rotate: <c>{"items": [...]}</c>.</summary>
public sealed record KeyListView(List<KeyView> Items);
