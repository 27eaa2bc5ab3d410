namespace IdentityServer.Messaging;

/// <summary>SPEC 5 and 8: which provider delivers email (Email__*), and the sender address.</summary>
internal sealed class EmailOptions
{
    public const string Section = "Email";
    public const string OutboxProvider = "Outbox";
    public const string SmtpProvider = "Smtp";

    /// <summary>Email__Provider: Outbox (.eml files in a folder, for development) or Smtp. Default: Outbox.</summary>
    public string Provider { get; set; } = OutboxProvider;

    /// <summary>Email__From: the From address, bare or "Name &lt;address&gt;". Default: no-reply@localhost.</summary>
    public string From { get; set; } = "no-reply@localhost";

    /// <summary>Email__Outbox__*: where the Outbox provider writes.</summary>
    public EmailOutboxOptions Outbox { get; set; } = new();

    /// <summary>Email__AllowOutboxInProduction: lets a Production server start on Outbox (codes land in files). Default: false.</summary>
    public bool AllowOutboxInProduction { get; set; }

    public bool UsesSmtp => string.Equals(Provider, SmtpProvider, StringComparison.OrdinalIgnoreCase);

    public bool UsesOutbox => string.Equals(Provider, OutboxProvider, StringComparison.OrdinalIgnoreCase);
}
