namespace SmsConsole;

/// <summary>The command line: --server, --tenant, --client, --secret, --phone, --code (defaults: the demo tenant of ./start.sh).</summary>
public sealed record Options(Uri Server, string Tenant, string ClientId, string? ClientSecret, string Phone, string? Code)
{
    public static Options? Parse(string[] args, TextWriter output)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                break;
            }
            values[args[i][2..]] = args[i + 1];
        }
        if (!values.TryGetValue("phone", out var phone) || args.Length % 2 != 0)
        {
            output.WriteLine("Usage: SmsConsole --phone +14155550199 [--code 123456] [--server http://localhost:5000] [--tenant demo] [--client demo-mobile] [--secret ...]");
            return null;
        }
        return new Options(new Uri(values.GetValueOrDefault("server", "http://localhost:5000").TrimEnd('/') + "/"),
            values.GetValueOrDefault("tenant", "demo"), values.GetValueOrDefault("client", "demo-mobile"),
            values.GetValueOrDefault("secret"), phone, values.GetValueOrDefault("code"));
    }
}
