using System.Text.Json.Nodes;

namespace IdentityServer.Admin.Pages.Tenant.QuickSignIn;

/// <summary>The form of sign_in.sms.* (SPEC 6); the API checks the ranges and rules, not this form.</summary>
public sealed class InputModel : ISettingsInput<InputModel>
{
    public bool Enabled { get; set; }
    public bool SignUp { get; set; }
    public bool RequireSecondFactor { get; set; } = true;
    public string AllowedCountries { get; set; } = "";
    public int CodeLength { get; set; }
    public int CodeLifetimeSeconds { get; set; }
    public int ResendCooldownSeconds { get; set; }
    public int MaxAttempts { get; set; }

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
        var numbers = new JsonArray();
        foreach (var line in (TestNumbers ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            numbers.Add(new JsonObject { ["phone_number"] = parts[0], ["code"] = parts.Length > 1 ? parts[^1] : "" });
        }
        sms["test_numbers"] = numbers;
    }
}
