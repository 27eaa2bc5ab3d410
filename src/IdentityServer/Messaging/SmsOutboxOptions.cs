namespace IdentityServer.Messaging;

/// <summary>Sms__Outbox__*: the development provider's file.</summary>
internal sealed class SmsOutboxOptions
{
    /// <summary>Sms__Outbox__Path: the JSON-lines file, relative to the content root. Default: App_Data/sms-outbox.jsonl.</summary>
    public string Path { get; set; } = "App_Data/sms-outbox.jsonl";
}
