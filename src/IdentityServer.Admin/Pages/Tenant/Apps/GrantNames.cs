namespace IdentityServer.Admin.Pages.Tenant.Apps;

/// <summary>The grants an admin can give an app, with readable names instead of the OAuth names and URNs.</summary>
public static class GrantNames
{
    public const string SmsOtp = "urn:identity-platform:grant-type:sms-otp";
    public const string MfaOtp = "urn:identity-platform:grant-type:mfa-otp";

    public static readonly (string Id, string Label, string Help)[] Offered =
    [
        ("authorization_code", "Sign-in page (authorization code)", "Web and mobile apps that send users to the sign-in page (PKCE is required for public clients)."),
        ("refresh_token", "Stay signed in (refresh token)", "Keeps users signed in without asking again."),
        ("client_credentials", "Service account (client credentials)", "A service calling an API as itself, with no user (confidential clients only)."),
        (SmsOtp, "SMS one-time code", "The app's own screens sign users in with a texted code. Brings the MFA code grant with it, for the second factor."),
    ];

    /// <summary>The readable name of a grant; an unknown one is shown as it is.</summary>
    public static string Label(string grant) => grant switch
    {
        MfaOtp => "MFA code (after SMS)",
        _ => Offered.FirstOrDefault(g => g.Id == grant).Label ?? grant,
    };
}
