namespace IdentityServer.Messaging;

/// <summary>Email__Outbox__*: the development provider's folder.</summary>
internal sealed class EmailOutboxOptions
{
    /// <summary>Email__Outbox__Path: the folder of .eml files, relative to the content root. Default: App_Data/mail-outbox.</summary>
    public string Path { get; set; } = "App_Data/mail-outbox";
}
