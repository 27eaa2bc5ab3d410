namespace IdentityServer.Data;

/// <summary>A signing or encryption key shared by every node, protected with Data Protection at rest.</summary>
public sealed class StoredKey
{
    public string Id { get; set; } = "";
    public string Use { get; set; } = "";
    public string ProtectedPem { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}
