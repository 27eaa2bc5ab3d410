using IdentityPlatform.Shared.Phones;

namespace IdentityServer.Tests.Shared;

/// <summary>The one phone-number parser, directly: one row per outcome (issue 13 points 2 and 7).</summary>
public sealed class PhoneNumberParserTests
{
    [Theory]
    // Valid mobiles, in international and national notation (the tenant's default region applies without a '+').
    [InlineData("+33 6 12 34 56 78", "FR", "FR", "+33612345678", null)]
    [InlineData("06 12 34 56 78", "FR", "FR", "+33612345678", null)]
    [InlineData("(+33) 6-12-34-56-78", "US", "FR,US", "+33612345678", null)]
    [InlineData("+1 (201) 555-0123", "US", "US", "+12015550123", null)]
    [InlineData("201 555 0123", "US", "us", "+12015550123", null)]
    [InlineData("+44 7400 123456", "US", "GB", "+447400123456", null)]
    // Refusals, each with its own message.
    [InlineData(null, "US", "US", null, "phone_number is missing or too long.")]
    [InlineData("   ", "US", "US", null, "phone_number is missing or too long.")]
    [InlineData("+1 201 555 0123 0123 0123 0123 0123 0123 0", "US", "US", null, "phone_number is missing or too long.")]
    [InlineData("call me", "US", "US", null, "phone_number is not a phone number.")]
    [InlineData("+33 6 12", "FR", "FR", null, "phone_number is not a valid phone number.")]
    [InlineData("+33 1 23 45 67 89", "FR", "FR", null, "phone_number must be a mobile number.")]
    [InlineData("+33 6 12 34 56 78", "US", "US,GB", null, "Phone numbers of this country are not accepted here.")]
    public void Parse_FollowsTheRuleOfItsRow(string? raw, string region, string allowed, string? e164, string? error)
    {
        var result = PhoneNumberParser.Parse(raw, region, allowed.Split(','));

        Assert.Equal(e164, result.E164);
        Assert.Equal(error, result.Error);
        Assert.Equal(e164 is null, result.Number is null);
        if (result.Number is { } number)
        {
            Assert.Equal(number.E164, result.Normalised);
            Assert.Equal(allowed.Split(',').First(a => a.Equals(number.Region, StringComparison.OrdinalIgnoreCase)).ToUpperInvariant(), number.Region);
        }
    }

    [Theory]
    [InlineData("+33 1 23 45 67 89", "+33123456789")] // read, but not a mobile: still normalised, to match a test number
    [InlineData("+33 6 12", "+33612")]
    [InlineData("call me", null)]
    public void Parse_NormalisesWhatItCanRead_EvenWhenRefused(string raw, string? normalised) =>
        Assert.Equal(normalised, PhoneNumberParser.Parse(raw, "FR", ["FR"]).Normalised);

    [Theory]
    [InlineData("+15555550100", true)] // fictional range: possible, not assigned
    [InlineData("+33612345678", true)]
    [InlineData("+1555", false)] // too short to be possible
    [InlineData("15555550100", false)] // no '+'
    [InlineData("+1 555 555 0100", false)] // not E.164 as written
    [InlineData("+999123456789", false)] // no such country calling code
    [InlineData("+1555555010012345", false)] // longer than E.164 allows
    [InlineData(null, false)]
    public void IsTestNumber_WantsAPossibleNumberWrittenInE164(string? value, bool expected) =>
        Assert.Equal(expected, PhoneNumberParser.IsTestNumber(value));

    [Theory]
    [InlineData("+1 555 555 0100", "+15555550100")]
    [InlineData(" +33 6 12 34 56 78 ", "+33612345678")]
    [InlineData("0612345678", "0612345678")] // no '+': left for the server to judge
    [InlineData("not a number", "not a number")]
    public void NormaliseInternational_WritesE164WhenItCan(string raw, string expected) =>
        Assert.Equal(expected, PhoneNumberParser.NormaliseInternational(raw));
}
