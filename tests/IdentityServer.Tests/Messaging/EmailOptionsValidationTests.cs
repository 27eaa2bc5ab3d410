using IdentityServer.Messaging;
using IdentityServer.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityServer.Tests.Messaging;

/// <summary>SPEC 8: email options are validated at start with a message naming the key (in environment-variable form).</summary>
public sealed class EmailOptionsValidationTests
{
    /// <summary>Valid SMTP settings, with SMS allowed on its outbox so only email is judged in Production.</summary>
    private static Dictionary<string, string?> Smtp() => new()
    {
        ["Sms:AllowOutboxInProduction"] = "true",
        ["Email:Provider"] = "Smtp",
        ["Email:From"] = "Identity Platform <no-reply@idp.example>",
        ["Email:Smtp:Host"] = "smtp.idp.example",
        ["Email:Smtp:Username"] = "relay",
        ["Email:Smtp:Password"] = "secret",
    };

    [Fact]
    public void Smtp_WithoutHost_FailsNamingTheKey()
    {
        var settings = Smtp();
        settings.Remove("Email:Smtp:Host");

        Assert.Contains("Email__Smtp__Host is required when Email__Provider is Smtp", MessagingHost.StartupErrors(settings));
    }

    [Fact]
    public void Smtp_WithEverySetting_StartsInProduction()
    {
        MessagingHost.StartsCleanly(Smtp(), "Production");
        using var services = MessagingHost.Build(Smtp(), "Production");
        Assert.IsType<SmtpEmailSender>(services.GetRequiredService<IEmailProvider>());
    }

    [Theory]
    [InlineData("Email:Smtp:Port", "0", "Email__Smtp__Port")]
    [InlineData("Email:Smtp:Security", "Tls", "Email__Smtp__Security must be StartTls, SslOnConnect or None")]
    [InlineData("Email:Smtp:Timeout", "00:00:00", "Email__Smtp__Timeout")]
    [InlineData("Email:Smtp:Username", "", "Email__Smtp__Username is required when Email__Smtp__Password is set")]
    [InlineData("Email:From", "not an address", "Email__From must be an email address")]
    [InlineData("Email:Provider", "SendGrid", "Email__Provider must be Outbox or Smtp")]
    public void BadSetting_FailsNamingTheKey(string key, string value, string message)
    {
        var settings = Smtp();
        settings[key] = value;

        Assert.Contains(message, MessagingHost.StartupErrors(settings));
    }

    [Fact]
    public void Smtp_CredentialsInClearInProduction_Fails()
    {
        var settings = Smtp();
        settings["Email:Smtp:Security"] = "None";

        Assert.Contains("Email__Smtp__Security is None with Email__Smtp__Username set in Production", MessagingHost.StartupErrors(settings, "Production"));
        MessagingHost.StartsCleanly(settings);
    }

    [Fact]
    public void Outbox_InProduction_Fails() =>
        Assert.Contains("Email__AllowOutboxInProduction", MessagingHost.StartupErrors(new() { ["Sms:AllowOutboxInProduction"] = "true" }, "Production"));

    [Fact]
    public void Outbox_InProductionWhenAllowed_Starts() =>
        MessagingHost.StartsCleanly(new() { ["Sms:AllowOutboxInProduction"] = "true", ["Email:AllowOutboxInProduction"] = "true" }, "Production");

    [Fact]
    public void Outbox_InDevelopment_IsTheDefault_IgnoringSmtpSettings()
    {
        var settings = new Dictionary<string, string?> { ["Email:Smtp:Port"] = "0" };
        MessagingHost.StartsCleanly(settings);
        using var services = MessagingHost.Build(settings, contentRoot: "/srv/idp");
        var sender = Assert.IsType<OutboxEmailSender>(services.GetRequiredService<IEmailProvider>());
        Assert.Equal(Path.Combine("/srv/idp", "App_Data/mail-outbox"), sender.Folder);
    }

    [Fact]
    public async Task Server_UsesTheOutboxFolderOfItsSettings()
    {
        await using var factory = new ServerFactory();

        var sender = Assert.IsType<OutboxEmailSender>(factory.Services.GetRequiredService<IEmailProvider>());

        Assert.Equal(Path.Combine(factory.DataDirectory, "mail-outbox"), sender.Folder);
    }

    [Fact]
    public async Task Server_InProductionOnEmailOutbox_RefusesToStart()
    {
        await using var factory = new ServerFactory { Environment = "Production" };
        factory.Settings["Sms:AllowOutboxInProduction"] = "true";

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("Email__AllowOutboxInProduction", error.ToString());
    }
}
