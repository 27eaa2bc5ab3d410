using IdentityServer.Account.SelfService;

namespace IdentityServer.Tests.SelfService;

public sealed class PageTextTests
{
    [Fact]
    public void EveryLanguage_HasEveryKey_WithTheSamePlaceholders()
    {
        Assert.Equal(["en", "fr", "de", "es"], PageText.Languages);
        foreach (var (language, words) in PageTexts.All)
        {
            Assert.Equal(PageTexts.English.Keys.Order(), words.Keys.Order());
            foreach (var (key, english) in PageTexts.English)
            {
                Assert.True(Placeholders(english).SequenceEqual(Placeholders(words[key])), $"{language} {key}");
            }
        }
    }

    [Theory]
    [InlineData("fr-FR,fr;q=0.9,en;q=0.8", "fr")]
    [InlineData("de_DE", "de")]
    [InlineData("es", "es")]
    [InlineData("it-IT", "en")]
    [InlineData("", "en")]
    [InlineData(null, "en")]
    public void TheLanguage_IsTheFirstTagOfAcceptLanguage_EnglishOtherwise(string? header, string expected) =>
        Assert.Equal(expected, PageText.For(header).Language);

    private static IEnumerable<string> Placeholders(string text) =>
        System.Text.RegularExpressions.Regex.Matches(text, @"\{\d\}").Select(m => m.Value).Order();
}
