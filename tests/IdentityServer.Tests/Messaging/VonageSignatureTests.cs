using IdentityServer.Messaging;

namespace IdentityServer.Tests.Messaging;

public sealed class VonageSignatureTests
{
    private static readonly Dictionary<string, string> Receipt = new()
    {
        ["messageId"] = "0A0000000123ABCD1",
        ["message-timestamp"] = "2026-11-24 12:00:00",
        ["msisdn"] = "15555550123",
        ["status"] = "delivered",
        ["timestamp"] = "1795521600",
        ["client-ref"] = "a&b=c",
        ["sig"] = "ignored",
    };

    [Theory]
    [InlineData("md5hash")]
    [InlineData("md5")]
    [InlineData("sha1")]
    [InlineData("sha256")]
    [InlineData("sha512")]
    public void Compute_EachMethod_MatchesVonagesRecipe(string method)
    {
        var expected = ReceiptsFixture.Sign(Receipt, "secret", method);

        Assert.Equal(expected, VonageSignature.Compute(Receipt, "secret", method));
    }

    [Fact]
    public void Compute_Md5Hash_IsTheLowercaseMd5OfTheSortedQueryAndSecret()
    {
        // "&a=1&b=x_y" + "s", computed by hand: sorted by name, '=' in a value replaced by '_'.
        var parameters = new Dictionary<string, string> { ["b"] = "x=y", ["a"] = "1", ["sig"] = "zzz" };
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData("&a=1&b=x_ys"u8));

        Assert.Equal(expected, VonageSignature.Compute(parameters, "s", "md5hash"));
    }

    [Theory]
    [InlineData("ABCDEF0123", "abcdef0123", true)]
    [InlineData("ABCDEF0123", "ABCDEF0124", false)]
    [InlineData("ABCDEF0123", "ABCDEF012", false)]
    [InlineData("ABCDEF0123", null, false)]
    public void Matches_IgnoresHexCaseOnly(string expected, string? actual, bool matches) =>
        Assert.Equal(matches, VonageSignature.Matches(expected, actual));

    [Theory]
    [InlineData("Your Acme code is 123456.\n\n@login.example #123456", true)]
    [InlineData("Code: 123456 {ok} [ok] ~ | € ^ \\ Äö ñ", true)]
    [InlineData("Ваш код 123456", false)]
    [InlineData("Code 123456 ✓", false)]
    [InlineData("Código 123456", false)]
    public void GsmAlphabet_TellsWhenUnicodeIsNeeded(string text, bool gsm) => Assert.Equal(gsm, GsmAlphabet.IsGsm7(text));
}
