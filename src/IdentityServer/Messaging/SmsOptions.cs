namespace IdentityServer.Messaging;

/// <summary>SPEC 4.4 and 8: which provider delivers SMS (Sms__*).</summary>
internal sealed class SmsOptions
{
    public const string Section = "Sms";
    public const string OutboxProvider = "Outbox";
    public const string VonageProvider = "Vonage";

    /// <summary>Sms__Provider: Outbox (a file, for development) or Vonage. Default: Outbox.</summary>
    public string Provider { get; set; } = OutboxProvider;

    /// <summary>Sms__Outbox__*: where the Outbox provider writes.</summary>
    public SmsOutboxOptions Outbox { get; set; } = new();

    /// <summary>Sms__AllowOutboxInProduction: lets a Production server start on Outbox (codes land in a file). Default: false.</summary>
    public bool AllowOutboxInProduction { get; set; }

    /// <summary>
    /// Sms__AllowTestNumbersInProduction: lets a Production server honour the tenants' test numbers
    /// (fixed codes, no SMS); without it a test number is an ordinary number there (issue 12 point 9). Default: false.
    /// </summary>
    public bool AllowTestNumbersInProduction { get; set; }

    public bool UsesVonage => string.Equals(Provider, VonageProvider, StringComparison.OrdinalIgnoreCase);

    public bool UsesOutbox => string.Equals(Provider, OutboxProvider, StringComparison.OrdinalIgnoreCase);
}
