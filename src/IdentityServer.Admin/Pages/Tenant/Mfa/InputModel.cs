using System.Text.Json.Nodes;

namespace IdentityServer.Admin.Pages.Tenant.Mfa;

/// <summary>The form of mfa.* (SPEC 6).</summary>
public sealed class InputModel : ISettingsInput<InputModel>
{
    public static readonly string[] KnownFactors = ["totp", "email", "recovery_code", "sms"];

    public string Enforcement { get; set; } = "optional";

    public List<string> Factors { get; set; } = [];

    public static InputModel From(JsonObject document)
    {
        var mfa = SettingsDocument.Mfa(document);
        return new InputModel
        {
            Enforcement = SettingsDocument.String(mfa, "enforcement") ?? "optional",
            Factors = SettingsDocument.Strings(mfa, "factors"),
        };
    }

    public void ApplyTo(JsonObject document)
    {
        var mfa = SettingsDocument.Mfa(document);
        mfa["enforcement"] = Enforcement;
        // Factors this form does not show (none today) are kept as they were.
        var kept = SettingsDocument.Strings(mfa, "factors").Where(f => !KnownFactors.Contains(f));
        mfa["factors"] = SettingsDocument.Array(kept.Concat((Factors ?? []).Where(KnownFactors.Contains)).Distinct());
    }
}
