namespace IdentityServer.SmsSignIn;

/// <summary>
/// Whether the tenants' test numbers (a fixed code, no SMS) are honoured: always outside Production,
/// in Production only with Sms__AllowTestNumbersInProduction (issue 12 point 9). Where they are not,
/// a test number is an ordinary number.
/// </summary>
internal sealed class TestNumberGate(bool enabled)
{
    public bool Enabled { get; } = enabled;
}
