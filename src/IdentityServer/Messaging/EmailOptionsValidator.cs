using Microsoft.Extensions.Options;
using MimeKit;

namespace IdentityServer.Messaging;

/// <summary>Refuses to start on an unknown provider, a bad From address, and on Outbox in Production unless explicitly allowed.</summary>
internal sealed class EmailOptionsValidator(bool isProduction) : IValidateOptions<EmailOptions>
{
    public ValidateOptionsResult Validate(string? name, EmailOptions options)
    {
        var errors = new List<string>();
        if (!options.UsesOutbox && !options.UsesSmtp)
        {
            errors.Add($"Email__Provider must be Outbox or Smtp (it is '{options.Provider}').");
        }
        if (string.IsNullOrWhiteSpace(options.From) || !MailboxAddress.TryParse(options.From, out _))
        {
            errors.Add("Email__From must be an email address (bare, or \"Name <address>\").");
        }
        if (options.UsesOutbox && string.IsNullOrWhiteSpace(options.Outbox.Path))
        {
            errors.Add("Email__Outbox__Path is required when Email__Provider is Outbox.");
        }
        // Outbox writes one-time codes to local files: never by accident in Production.
        if (options.UsesOutbox && isProduction && !options.AllowOutboxInProduction)
        {
            errors.Add("Email__Provider is Outbox in Production: set Email__Provider=Smtp, or Email__AllowOutboxInProduction=true to allow it.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
