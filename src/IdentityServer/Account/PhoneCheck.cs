namespace IdentityServer.Account;

/// <summary>The outcome of a phone rule check: a valid number allowed by U1, a number that is not valid, or U1's refusal.</summary>
internal abstract record PhoneCheck
{
    private PhoneCheck()
    {
    }

    /// <summary>E164 is the number (empty when the phone was removed); NoticeDue: U2's email is due.</summary>
    public sealed record Accepted(string E164, bool NoticeDue) : PhoneCheck;

    public sealed record Invalid(string Error) : PhoneCheck;

    public sealed record NeedsSecondFactor : PhoneCheck;
}
