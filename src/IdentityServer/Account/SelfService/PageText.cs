using System.Globalization;

namespace IdentityServer.Account.SelfService;

/// <summary>
/// The self-service pages' and emails' words in the browser's language (en, fr, de, es), chosen as the
/// SMS text chooses its language (CodeDelivery/SmsText): the first tag of Accept-Language, English otherwise.
/// </summary>
internal sealed class PageText
{
    private readonly IReadOnlyDictionary<string, string> _words;

    private PageText(string language, IReadOnlyDictionary<string, string> words) => (Language, _words) = (language, words);

    /// <summary>en, fr, de or es: the html lang of the page.</summary>
    public string Language { get; }

    public string this[string key] => _words.GetValueOrDefault(key) ?? PageTexts.English[key];

    public string Format(string key, params object?[] args) => string.Format(CultureInfo.InvariantCulture, this[key], args);

    /// <summary>"fr-FR", "fr_FR" or an Accept-Language list such as "fr-FR,fr;q=0.9,en;q=0.8".</summary>
    public static PageText For(string? acceptLanguage)
    {
        var language = (acceptLanguage ?? "").Split(',')[0].Split(';')[0].Split('-', '_')[0].Trim().ToLowerInvariant();
        return PageTexts.All.TryGetValue(language, out var words) ? new PageText(language, words) : new PageText("en", PageTexts.English);
    }

    public static IEnumerable<string> Languages => PageTexts.All.Keys;
}
