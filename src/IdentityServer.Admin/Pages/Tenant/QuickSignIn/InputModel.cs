using System.Text.Json.Nodes;
using IdentityPlatform.Shared.Phones;

namespace IdentityServer.Admin.Pages.Tenant.QuickSignIn;

/// <summary>The form of sign_in.sms.* (SPEC 6); the API checks the ranges and rules, not this form.</summary>
public sealed class InputModel : ISettingsInput<InputModel>
{
    /// <summary>What the SMS toggle does, checked and not (shown next to it).</summary>
    public const string EnabledOn = "Checked: SMS sign-in is on. The sign-in page offers \"Sign in with SMS\" and apps with the SMS grant can send codes.";
    public const string EnabledOff = "Unchecked: SMS sign-in is off. Nobody gets a sign-in code by SMS; apps asking for one are refused (access_denied).";

    public bool Enabled { get; set; }
    public bool SignUp { get; set; }
    public bool RequireSecondFactor { get; set; } = true;
    public string AllowedCountries { get; set; } = "";
    public int CodeLength { get; set; }
    public int CodeLifetimeSeconds { get; set; }
    public int ResendCooldownSeconds { get; set; }
    public int MaxAttempts { get; set; }
    public int MaxSendsPerPhonePerHour { get; set; }

    /// <summary>One test number a line: "+14155550100 123456".</summary>
    public string TestNumbers { get; set; } = "";

    public static InputModel From(JsonObject document)
    {
        var sms = SettingsDocument.Sms(document);
        return new InputModel
        {
            Enabled = SettingsDocument.Bool(sms, "enabled", false),
            SignUp = SettingsDocument.Bool(sms, "sign_up", false),
            RequireSecondFactor = SettingsDocument.Bool(sms, "require_second_factor", true),
            AllowedCountries = string.Join(", ", SettingsDocument.Strings(sms, "allowed_countries")),
            CodeLength = SettingsDocument.Int(sms, "code_length", 6),
            CodeLifetimeSeconds = SettingsDocument.Int(sms, "code_lifetime_seconds", 120),
            ResendCooldownSeconds = SettingsDocument.Int(sms, "resend_cooldown_seconds", 30),
            MaxAttempts = SettingsDocument.Int(sms, "max_attempts", 5),
            MaxSendsPerPhonePerHour = SettingsDocument.Int(sms, "max_sends_per_phone_per_hour", 5),
            TestNumbers = string.Join("\n", (sms["test_numbers"] as JsonArray ?? []).OfType<JsonObject>()
                .Select(n => $"{SettingsDocument.String(n, "phone_number")} {SettingsDocument.String(n, "code")}")),
        };
    }

    public void ApplyTo(JsonObject document)
    {
        var sms = SettingsDocument.Sms(document);
        sms["enabled"] = Enabled;
        sms["sign_up"] = SignUp;
        sms["require_second_factor"] = RequireSecondFactor;
        sms["allowed_countries"] = SettingsDocument.Array((AllowedCountries ?? "")
            .Split([',', ' ', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(c => c.ToUpperInvariant()).Distinct());
        sms["code_length"] = CodeLength;
        sms["code_lifetime_seconds"] = CodeLifetimeSeconds;
        sms["resend_cooldown_seconds"] = ResendCooldownSeconds;
        sms["max_attempts"] = MaxAttempts;
        sms["max_sends_per_phone_per_hour"] = MaxSendsPerPhonePerHour;
        var numbers = new JsonArray();
        foreach (var line in (TestNumbers ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // "number code": the number may be written with spaces; it goes to the API in E.164 when it reads as one.
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var number = parts.Length > 1 ? string.Join("", parts[..^1]) : parts[0];
            numbers.Add(new JsonObject
            {
                ["phone_number"] = PhoneNumberParser.NormaliseInternational(number),
                ["code"] = parts.Length > 1 ? parts[^1] : "",
            });
        }
        sms["test_numbers"] = numbers;
    }
}
