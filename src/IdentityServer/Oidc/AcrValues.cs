namespace IdentityServer.Oidc;

/// <summary>The acr values the server issues and accepts in acr_values (step-up).</summary>
internal static class AcrValues
{
    /// <summary>The OpenID PAPE multi-factor policy, as Auth0 and others use it.</summary>
    public const string MultiFactor = "http://schemas.openid.net/pape/policies/2007/06/multi-factor";
    public const string SingleFactor = "urn:identity-platform:acr:single-factor";

    /// <summary>acr_values asking for MFA: the PAPE URI or the short "mfa".</summary>
    public static bool AsksForMfa(IEnumerable<string> requested) =>
        requested.Any(v => v is MultiFactor or "mfa");
}
