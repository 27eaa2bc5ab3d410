using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace IdentityServer.Tests.Infrastructure;

/// <summary>Reads the Outbox SMS file the server writes in Development (one JSON line per message).</summary>
public static partial class SmsOutbox
{
    public static IReadOnlyList<JsonNode> Messages(ServerFactory factory)
    {
        SendQueueDrain.Wait(factory);
        var path = factory.Settings["Sms:Outbox:Path"]!;
        return File.Exists(path)
            ? File.ReadAllLines(path).Where(l => l.Trim().Length > 0).Select(l => JsonNode.Parse(l)!).ToList()
            : [];
    }

    public static IReadOnlyList<JsonNode> To(ServerFactory factory, string e164) =>
        Messages(factory).Where(m => m["to"]!.GetValue<string>() == e164).ToList();

    /// <summary>The code of the last SMS to the phone, read from its WebOTP line.</summary>
    public static string LastCode(ServerFactory factory, string e164)
    {
        var text = To(factory, e164).Last()["text"]!.GetValue<string>();
        return WebOtpLine().Match(text).Groups[1].Value;
    }

    [GeneratedRegex(@"#(\d{4,10})\s*$")]
    private static partial Regex WebOtpLine();
}
