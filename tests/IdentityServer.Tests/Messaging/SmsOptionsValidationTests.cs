using IdentityServer.Messaging;
using IdentityServer.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityServer.Tests.Messaging;

/// <summary>SPEC 8: options are validated at start with a message naming the key (in environment-variable form).</summary>
public sealed class SmsOptionsValidationTests
{
    private static void StartsCleanly(Dictionary<string, string?> settings, string environment = "Development")
    {
        // Only SMS is judged here: the email outbox is allowed in Production.
        settings.TryAdd("Email:AllowOutboxInProduction", "true");
        MessagingHost.StartsCleanly(settings, environment);
    }

    [Fact]
    public void Vonage_WithoutApiKey_FailsNamingTheKey()
    {
        var settings = MessagingHost.Vonage("https://rest.nexmo.com");
        settings.Remove("Sms:Vonage:ApiKey");

        Assert.Contains("Sms__Vonage__ApiKey is required when Sms__Provider is Vonage", MessagingHost.StartupErrors(settings));
    }

    [Fact]
    public void Vonage_WithoutSecretOrSender_FailsNamingEachKey()
    {
        var settings = new Dictionary<string, string?> { ["Sms:Provider"] = "Vonage" };

        var errors = MessagingHost.StartupErrors(settings);

        Assert.Contains("Sms__Vonage__ApiKey", errors);
        Assert.Contains("Sms__Vonage__ApiSecret", errors);
        Assert.Contains("Sms__Vonage__From", errors);
    }

    [Fact]
    public void Vonage_WithEverySetting_Starts() => StartsCleanly(MessagingHost.Vonage("https://rest.nexmo.com"), "Production");

    [Fact]
    public void Vonage_PlainHttpInProduction_FailsNamingBaseUrl() =>
        Assert.Contains("Sms__Vonage__BaseUrl", MessagingHost.StartupErrors(MessagingHost.Vonage("http://rest.nexmo.com"), "Production"));

    [Fact]
    public void UnknownSignatureMethod_WithASecret_FailsNamingTheKey() =>
        Assert.Contains("Sms__Vonage__SignatureMethod", MessagingHost.StartupErrors(new()
        {
            ["Sms:Vonage:SignatureSecret"] = "s",
            ["Sms:Vonage:SignatureMethod"] = "sha3",
        }));

    [Fact]
    public void UnknownProvider_FailsNamingTheKey() =>
        Assert.Contains("Sms__Provider must be Outbox or Vonage", MessagingHost.StartupErrors(new() { ["Sms:Provider"] = "Twilio" }));

    [Fact]
    public void Outbox_InProduction_Fails() =>
        Assert.Contains("Sms__AllowOutboxInProduction", MessagingHost.StartupErrors(new() { ["Sms:Provider"] = "Outbox" }, "Production"));

    [Fact]
    public void Outbox_InProductionWhenAllowed_Starts() =>
        StartsCleanly(new() { ["Sms:Provider"] = "Outbox", ["Sms:AllowOutboxInProduction"] = "true" }, "Production");

    [Fact]
    public void Outbox_InDevelopment_IsTheDefault()
    {
        StartsCleanly([]);
        using var services = MessagingHost.Build([]);
        Assert.IsType<OutboxSmsSender>(services.GetRequiredService<ISmsProvider>());
    }

    [Fact]
    public async Task Server_InProductionOnOutbox_RefusesToStart()
    {
        await using var factory = new ServerFactory { Environment = "Production" };

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("Sms__AllowOutboxInProduction", error.ToString());
    }
}
