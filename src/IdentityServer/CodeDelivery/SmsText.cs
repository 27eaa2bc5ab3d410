namespace IdentityServer.CodeDelivery;

/// <summary>
/// The SMS text, localised (en, fr, de, es), naming the tenant and ending with the WebOTP line
/// "@host #code" so that phones can fill the code in.
/// </summary>
internal static class SmsText
{
    private static readonly Dictionary<string, string> Templates = new(StringComparer.OrdinalIgnoreCase)
    {
        ["en"] = "{0} is your {1} sign-in code. It expires in {2} minutes. Do not share it.",
        ["fr"] = "{0} est votre code de connexion {1}. Il expire dans {2} minutes. Ne le partagez pas.",
        ["de"] = "{0} ist Ihr Anmeldecode für {1}. Er läuft in {2} Minuten ab. Geben Sie ihn nicht weiter.",
        ["es"] = "{0} es tu código de acceso de {1}. Caduca en {2} minutos. No lo compartas.",
    };

    public static IReadOnlyCollection<string> Languages => Templates.Keys;

    public static string Compose(string? locale, string tenantName, string code, int lifetimeSeconds, string host)
    {
        // "fr-FR", "fr_FR" or an Accept-Language list such as "fr-FR,fr;q=0.9,en;q=0.8".
        var language = (locale ?? "en").Split(',')[0].Split(';')[0].Split('-', '_')[0].Trim();
        var template = Templates.GetValueOrDefault(language) ?? Templates["en"];
        var minutes = Math.Max(1, lifetimeSeconds / 60);
        return string.Format(System.Globalization.CultureInfo.InvariantCulture, template, code, tenantName, minutes)
            + "\n\n@" + host + " #" + code;
    }
}
