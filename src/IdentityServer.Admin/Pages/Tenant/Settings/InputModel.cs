using System.Text.Json.Nodes;

namespace IdentityServer.Admin.Pages.Tenant.Settings;

/// <summary>
/// The tenant-wide keys of the settings document (SPEC 6): display_name, default_region, sign_in.password.enabled,
/// and sign_in.registration.enabled and sign_in.passkey.enabled where the server's document has them.
/// </summary>
public sealed class InputModel : ISettingsInput<InputModel>
{
    public string? DisplayName { get; set; }
    public string? DefaultRegion { get; set; }
    public bool PasswordEnabled { get; set; } = true;

    /// <summary>Whether the server's document has sign_in.registration (then the form shows it).</summary>
    public bool HasRegistration { get; set; }
    public bool RegistrationEnabled { get; set; }

    /// <summary>Whether the server's document has sign_in.passkey (then the form shows it).</summary>
    public bool HasPasskey { get; set; }
    public bool PasskeyEnabled { get; set; }

    public static InputModel From(JsonObject document)
    {
        var signIn = SettingsDocument.Section(document, "sign_in");
        return new InputModel
        {
            DisplayName = SettingsDocument.String(document, "display_name"),
            DefaultRegion = SettingsDocument.String(document, "default_region"),
            PasswordEnabled = SettingsDocument.Bool(SettingsDocument.Section(document, "sign_in", "password"), "enabled", true),
            HasRegistration = signIn["registration"] is JsonObject,
            RegistrationEnabled = signIn["registration"] is JsonObject r && SettingsDocument.Bool(r, "enabled", false),
            HasPasskey = signIn["passkey"] is JsonObject,
            PasskeyEnabled = signIn["passkey"] is JsonObject p && SettingsDocument.Bool(p, "enabled", false),
        };
    }

    public void ApplyTo(JsonObject document)
    {
        document["display_name"] = DisplayName?.Trim() ?? "";
        document["default_region"] = (DefaultRegion ?? "").Trim().ToUpperInvariant();
        SettingsDocument.Section(document, "sign_in", "password")["enabled"] = PasswordEnabled;
        // Keys this server does not have are never added: PUT refuses unknown keys.
        if (HasRegistration)
        {
            SettingsDocument.Section(document, "sign_in", "registration")["enabled"] = RegistrationEnabled;
        }
        if (HasPasskey)
        {
            SettingsDocument.Section(document, "sign_in", "passkey")["enabled"] = PasskeyEnabled;
        }
    }
}
