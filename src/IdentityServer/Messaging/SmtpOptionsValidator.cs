using Microsoft.Extensions.Options;

namespace IdentityServer.Messaging;

/// <summary>The relay settings are checked only when Smtp sends.</summary>
internal sealed class SmtpOptionsValidator(bool usesSmtp, bool isProduction) : IValidateOptions<SmtpOptions>
{
    public ValidateOptionsResult Validate(string? name, SmtpOptions options)
    {
        if (!usesSmtp)
        {
            return ValidateOptionsResult.Success;
        }
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Host))
        {
            errors.Add("Email__Smtp__Host is required when Email__Provider is Smtp.");
        }
        if (options.Port is < 1 or > 65535)
        {
            errors.Add("Email__Smtp__Port must be between 1 and 65535.");
        }
        if (!SmtpOptions.SecurityModes.Contains(options.Security, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add($"Email__Smtp__Security must be StartTls, SslOnConnect or None (it is '{options.Security}').");
        }
        else if (isProduction && !string.IsNullOrEmpty(options.Username) && string.Equals(options.Security, "None", StringComparison.OrdinalIgnoreCase))
        {
            // The password would cross the network in clear.
            errors.Add("Email__Smtp__Security is None with Email__Smtp__Username set in Production: use StartTls or SslOnConnect.");
        }
        if (string.IsNullOrEmpty(options.Username) && !string.IsNullOrEmpty(options.Password))
        {
            errors.Add("Email__Smtp__Username is required when Email__Smtp__Password is set.");
        }
        if (options.Timeout < TimeSpan.FromSeconds(1) || options.Timeout > TimeSpan.FromMinutes(5))
        {
            errors.Add("Email__Smtp__Timeout must be between 00:00:01 and 00:05:00.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
