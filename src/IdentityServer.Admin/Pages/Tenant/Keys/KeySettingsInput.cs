using System.Text.Json.Nodes;

namespace IdentityServer.Admin.Pages.Tenant.Keys;

/// <summary>The settings keys signing_keys.algorithm (RS256 or ES256) and signing_keys.rotation_period_days (7..730, P5).</summary>
public sealed class KeySettingsInput
{
    public string Algorithm { get; set; } = "RS256";

    public int RotationPeriodDays { get; set; } = 90;

    public static KeySettingsInput From(JsonObject document)
    {
        var keys = SettingsDocument.Section(document, "signing_keys");
        return new KeySettingsInput
        {
            Algorithm = SettingsDocument.String(keys, "algorithm") ?? "RS256",
            RotationPeriodDays = SettingsDocument.Int(keys, "rotation_period_days", 90),
        };
    }

    public void ApplyTo(JsonObject document)
    {
        var keys = SettingsDocument.Section(document, "signing_keys");
        keys["algorithm"] = Algorithm;
        keys["rotation_period_days"] = RotationPeriodDays;
    }
}
