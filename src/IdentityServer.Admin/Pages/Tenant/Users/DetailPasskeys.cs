using IdentityServer.Admin.Management;
using Microsoft.AspNetCore.Mvc;

namespace IdentityServer.Admin.Pages.Tenant.Users;

/// <summary>
/// The passkeys of a user's page (issue 16 point 7): name, added, last used, and remove one. The API refuses a removal
/// that would take the user's last way in or last second step (U3), and audits every removal with the admin's name.
/// </summary>
public sealed partial class DetailModel
{
    public IReadOnlyList<PasskeyView> Passkeys { get; private set; } = [];

    public Task<IActionResult> OnPostRemovePasskeyAsync(string? passkeyId, CancellationToken ct) =>
        ChangeAsync(api.DeleteAsync(Tenant, UserPath + "/passkeys/" + Uri.EscapeDataString(passkeyId ?? ""), ct),
            _ => "The passkey was removed.", ct);

    private async Task LoadPasskeysAsync(CancellationToken ct)
    {
        var read = await api.GetAsync(Tenant, UserPath + "/passkeys", ct);
        Passkeys = read.Succeeded ? read.As<PageOf<PasskeyView>>()?.Items ?? [] : [];
    }

    public static string When(DateTimeOffset? at) => at is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture) : "never";
}
