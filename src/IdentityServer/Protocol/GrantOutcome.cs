using IdentityServer.Data;

namespace IdentityServer.Protocol;

/// <summary>What a token grant decided; the token endpoint turns it into the response.</summary>
internal abstract record GrantOutcome
{
    /// <summary>The description of a grant that lost a race at its commit (a token, ticket or factor used at the same time).</summary>
    public const string LostRace = "The grant was completed by another request.";

    private GrantOutcome()
    {
    }

    /// <summary>Tokens for <paramref name="User"/> with these scopes, amr values and authentication time.</summary>
    public sealed record SignedIn(PlatformUser User, IReadOnlyList<string> Scopes, IReadOnlyList<string> Amr, DateTimeOffset AuthTime)
        : GrantOutcome
    {
        /// <summary>The grant signed the user up: the response says user_created.</summary>
        public bool UserCreated { get; init; }

        /// <summary>Recovery codes to show once (a completion that enrolled TOTP).</summary>
        public IReadOnlyList<string>? RecoveryCodes { get; init; }

        /// <summary>The audiences of a redeemed code or refresh token (a new sign-in derives them from the scopes).</summary>
        public IReadOnlyList<string>? Resources { get; init; }

        /// <summary>The authorization a redeemed code or refresh token belongs to.</summary>
        public string? AuthorizationId { get; init; }
    }

    /// <summary>An OAuth error response (RFC 6749 5.2): <paramref name="Error"/> with its description.</summary>
    public sealed record Refused(string Error, string Description) : GrantOutcome;

    /// <summary>SPEC 4.3: mfa_required (or mfa_enrollment_required) with an mfa_token and the methods offered.</summary>
    public sealed record MfaRequired(bool Enrollment, string MfaToken, IReadOnlyList<string> Methods, bool UserCreated) : GrantOutcome;
}
