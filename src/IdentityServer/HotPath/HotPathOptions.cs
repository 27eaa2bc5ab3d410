namespace IdentityServer.HotPath;

/// <summary>HotPath__Enabled (default true): the tuned token and SMS path of this folder, or plain OpenIddict and EF Core.</summary>
internal sealed class HotPathOptions
{
    public const string Section = "HotPath";

    /// <summary>On: snapshot caches, foreign-key reads, stateless access tokens, the one-write sign-in, compiled queries, fast client secrets.</summary>
    public bool Enabled { get; set; } = true;
}
