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

    public bool UsesVonage => string.Equals(Provider, VonageProvider, StringComparison.OrdinalIgnoreCase);

    public bool UsesOutbox => string.Equals(Provider, OutboxProvider, StringComparison.OrdinalIgnoreCase);
}
