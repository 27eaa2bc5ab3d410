namespace IdentityServer.Messaging;

/// <summary>Sms__Vonage__*: the Vonage SMS API account and its delivery-receipt signatures.</summary>
internal sealed class VonageOptions
{
    public const string Section = "Sms:Vonage";

    /// <summary>Sms__Vonage__ApiKey: required when Sms__Provider is Vonage.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Sms__Vonage__ApiSecret: required when Sms__Provider is Vonage.</summary>
    public string? ApiSecret { get; set; }

    /// <summary>Sms__Vonage__From: the sender id (a number, or up to 11 letters and digits).</summary>
    public string? From { get; set; }

    /// <summary>Sms__Vonage__BaseUrl: the SMS API origin. Default: https://rest.nexmo.com.</summary>
    public string BaseUrl { get; set; } = "https://rest.nexmo.com";

    /// <summary>Sms__Vonage__SignatureSecret: when set, delivery receipts must carry a valid signature.</summary>
    public string? SignatureSecret { get; set; }

    /// <summary>Sms__Vonage__SignatureMethod: md5hash (Vonage's default), md5, sha1, sha256 or sha512 (HMACs).</summary>
    public string SignatureMethod { get; set; } = "md5hash";

    /// <summary>Sms__Vonage__Timeout: the most one send may take at the HTTP level, its retries included. Default: 15 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Sms__Vonage__RetryDelay: the first backoff delay, doubled at each retry. Default: 1 s.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);
}
