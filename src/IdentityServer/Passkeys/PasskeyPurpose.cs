namespace IdentityServer.Passkeys;

/// <summary>What a challenge may be answered for: it is taken only by the same purpose.</summary>
internal static class PasskeyPurpose
{
    public const string Register = "register";
    public const string SecondFactor = "second_factor";
    public const string FirstFactor = "first_factor";
}
