namespace IdentityServer.Mfa;

internal static class MfaErrors
{
    public const string InvalidToken = "The mfa_token is invalid or has expired.";
    public const string InvalidCode = "The code is not valid.";

    public static IResult Error(int status, string error, string description) => Oidc.ClientAuthenticator.OAuthError(status, error, description);
}
