using Microsoft.Extensions.Options;

namespace IdentityServer.Messaging;

/// <summary>Refuses to start on an unknown provider, and on Outbox in Production unless explicitly allowed (SPEC 4.4).</summary>
internal sealed class SmsOptionsValidator(bool isProduction) : IValidateOptions<SmsOptions>
{
    public ValidateOptionsResult Validate(string? name, SmsOptions options)
    {
        var errors = new List<string>();
        if (!options.UsesOutbox && !options.UsesVonage)
        {
            errors.Add($"Sms__Provider must be Outbox or Vonage (it is '{options.Provider}').");
        }
        if (options.UsesOutbox && string.IsNullOrWhiteSpace(options.Outbox.Path))
        {
            errors.Add("Sms__Outbox__Path is required when Sms__Provider is Outbox.");
        }
        // Outbox writes sign-in codes to a local file: never by accident in Production.
        if (options.UsesOutbox && isProduction && !options.AllowOutboxInProduction)
        {
            errors.Add("Sms__Provider is Outbox in Production: set Sms__Provider=Vonage, or Sms__AllowOutboxInProduction=true to allow it.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
