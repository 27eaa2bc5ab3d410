using System.Text;
using IdentityServer.Mfa;

namespace IdentityServer.Tests.Mfa;

public sealed class TotpTests
{
    private static readonly byte[] RfcSecret = Encoding.ASCII.GetBytes("12345678901234567890");

    [Theory]
    // RFC 6238 appendix B (SHA-1), the last six digits.
    [InlineData(59, "287082")]
    [InlineData(1111111109, "081804")]
    [InlineData(1234567890, "005924")]
    [InlineData(2000000000, "279037")]
    public void Code_MatchesTheRfcTestVectors(long unixSeconds, string expected) =>
        Assert.Equal(expected, Totp.Code(RfcSecret, DateTimeOffset.FromUnixTimeSeconds(unixSeconds)));

    [Fact]
    public void Verify_AcceptsOneStepOfDrift_NotTwo_AndNeverAnOlderOrTheSameStep()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var step = now.ToUnixTimeSeconds() / 30;
        Assert.Equal(step, Totp.Verify(RfcSecret, Totp.Code(RfcSecret, now), now, 0));
        Assert.Equal(step - 1, Totp.Verify(RfcSecret, Totp.Code(RfcSecret, now.AddSeconds(-30)), now, 0));
        Assert.Equal(step + 1, Totp.Verify(RfcSecret, Totp.Code(RfcSecret, now.AddSeconds(30)), now, 0));
        Assert.Null(Totp.Verify(RfcSecret, Totp.Code(RfcSecret, now.AddSeconds(-60)), now, 0));
        Assert.Null(Totp.Verify(RfcSecret, Totp.Code(RfcSecret, now), now, lastStep: step));
        Assert.Null(Totp.Verify(RfcSecret, "12 456", now, 0));
        Assert.Null(Totp.Verify(RfcSecret, "1234567", now, 0));
    }
}
