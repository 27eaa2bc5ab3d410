using Microsoft.Extensions.Options;

namespace IdentityServer.Messaging;

/// <summary>The account settings are required only when Vonage sends; the signature method whenever receipts are signed.</summary>
internal sealed class VonageOptionsValidator(bool usesVonage, bool isProduction) : IValidateOptions<VonageOptions>
{
    public static readonly string[] SignatureMethods = ["md5hash", "md5", "sha1", "sha256", "sha512"];

    public ValidateOptionsResult Validate(string? name, VonageOptions options)
    {
        var errors = new List<string>();
        if (usesVonage)
        {
            Require(errors, options.ApiKey, "ApiKey");
            Require(errors, options.ApiSecret, "ApiSecret");
            Require(errors, options.From, "From");
            if (options.From is { Length: > 0 } from && !IsSenderId(from))
            {
                errors.Add("Sms__Vonage__From must be a phone number (up to 15 digits) or up to 11 letters and digits.");
            }
            if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            {
                errors.Add("Sms__Vonage__BaseUrl must be an absolute http(s) URL.");
            }
            else if (isProduction && url.Scheme != Uri.UriSchemeHttps)
            {
                errors.Add("Sms__Vonage__BaseUrl must use https in Production.");
            }
            if (options.Timeout < TimeSpan.FromSeconds(1) || options.Timeout > TimeSpan.FromSeconds(90))
            {
                errors.Add("Sms__Vonage__Timeout must be between 00:00:01 and 00:01:30.");
            }
            if (options.RetryDelay < TimeSpan.Zero || options.RetryDelay > TimeSpan.FromSeconds(30))
            {
                errors.Add("Sms__Vonage__RetryDelay must be between 00:00:00 and 00:00:30.");
            }
        }
        if ((usesVonage || !string.IsNullOrEmpty(options.SignatureSecret)) && !SignatureMethods.Contains(options.SignatureMethod))
        {
            errors.Add("Sms__Vonage__SignatureMethod must be one of md5hash, md5, sha1, sha256, sha512.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Require(List<string> errors, string? value, string key)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"Sms__Vonage__{key} is required when Sms__Provider is Vonage.");
        }
    }

    private static bool IsSenderId(string from)
    {
        var digits = from.TrimStart('+');
        return digits.All(char.IsAsciiDigit)
            ? digits.Length is >= 1 and <= 15
            : from.Length <= 11 && from.All(c => char.IsAsciiLetterOrDigit(c) || c == ' ');
    }
}
