using Microsoft.Extensions.Options;

namespace IdentityServer.Bootstrap;

/// <summary>Development has documented defaults; elsewhere the server refuses to start without the settings.</summary>
internal sealed class BootstrapOptionsValidator : IValidateOptions<BootstrapOptions>
{
    public ValidateOptionsResult Validate(string? name, BootstrapOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.AdminEmail) || !options.AdminEmail.Contains('@'))
            errors.Add("Bootstrap__AdminEmail is required outside Development and must be an email address.");
        if (string.IsNullOrWhiteSpace(options.AdminPassword) || options.AdminPassword.Length < 8)
            errors.Add("Bootstrap__AdminPassword is required outside Development (at least 8 characters).");
        if (string.IsNullOrWhiteSpace(options.AutomationClientSecret) || options.AutomationClientSecret.Length < 24)
            errors.Add("Bootstrap__AutomationClientSecret is required outside Development (at least 24 characters).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
