namespace IdentityServer.Keys;

/// <summary>The JWS algorithms a tenant's keys sign with (SPEC 9): RS256 by default, ES256 on request.</summary>
internal static class SigningAlgorithms
{
    public const string Rs256 = "RS256";
    public const string Es256 = "ES256";

    public static readonly IReadOnlyList<string> All = [Rs256, Es256];
}
