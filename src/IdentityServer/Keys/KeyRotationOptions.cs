namespace IdentityServer.Keys;

/// <summary>Keys__*: how keys rotate and how fast every node sees a change (SPEC 9).</summary>
internal sealed class KeyRotationOptions
{
    public const string Section = "Keys";

    /// <summary>Keys__PublishAhead: how long a next key is published before it signs. Default 2 days.</summary>
    public TimeSpan PublishAhead { get; set; } = TimeSpan.FromDays(2);

    /// <summary>Keys__ReloadInterval: how often each node reloads the keys and makes due rotations. Default 30 s, at most 1 minute.</summary>
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Keys__SymmetricRotationPeriod: how often the server-wide symmetric keys (codes, refresh tokens, code hashes) rotate. Default 90 days.</summary>
    public TimeSpan SymmetricRotationPeriod { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Added to token lifetimes before a superseded key retires, for clocks that differ.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);
}
