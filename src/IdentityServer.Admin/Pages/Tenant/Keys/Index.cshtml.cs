using System.Globalization;
using System.Text.Json.Nodes;
using IdentityServer.Admin.Management;
using Microsoft.AspNetCore.Mvc;

namespace IdentityServer.Admin.Pages.Tenant.Keys;

/// <summary>
/// /t/{tenant}/keys (issue 14 point 3): the tenant's signing keys (kid, algorithm, state, dates), "Rotate now",
/// "Revoke" behind a confirmation step (?revoke={kid}, then a ticked box), and the algorithm and rotation
/// period of the settings document. Everything through the management API, which audits each change.
/// </summary>
public sealed class IndexModel(ManagementClient api) : TenantPageModel
{
    public List<KeyView> Keys { get; private set; } = [];

    [BindProperty]
    public KeySettingsInput Input { get; set; } = new();

    /// <summary>The key whose revocation waits for the admin's confirmation.</summary>
    [BindProperty(SupportsGet = true, Name = "revoke")]
    public string? RevokeKid { get; set; }

    public KeyView? ToRevoke => Keys.FirstOrDefault(k => k.Kid == RevokeKid && k.Status != "revoked");

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostRotateAsync(CancellationToken ct)
    {
        Record(await api.PostAsync(Tenant, "/keys/rotate", null, ct),
            _ => "Rotated: the next key signs new tokens now; the old one stays published until its tokens expire.");
        RevokeKid = null;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(string? kid, bool confirm, CancellationToken ct)
    {
        RevokeKid = kid;
        if (!confirm)
        {
            Failure = ApiResult.BadRequest("Tick the box to confirm that this key is revoked: its tokens stop working at once.");
        }
        else
        {
            Record(await api.PostAsync(Tenant, "/keys/" + Uri.EscapeDataString(kid ?? "") + "/revoke", null, ct),
                _ => $"The key {kid} was revoked: it left the JWKS and the tokens it signed are refused.");
            if (Failure is null)
            {
                RevokeKid = null;
            }
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostSettingsAsync(CancellationToken ct)
    {
        var read = await api.GetAsync(Tenant, "/settings", ct);
        if (read.Body is not JsonObject document)
        {
            Failure = read;
        }
        else
        {
            Input.ApplyTo(document);
            var saved = await api.PutAsync(Tenant, "/settings", document, ct);
            if (saved.Succeeded)
            {
                ModelState.Clear();
                Success = "Saved. The keys follow at once: a new algorithm gets its first key now; a new period applies from the active key's start.";
            }
            else
            {
                // The admin's choice stays on the form; the server kept the old settings.
                Failure = saved;
                await LoadKeysAsync(ct);
                return Page();
            }
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        await LoadKeysAsync(ct);
        var settings = await api.GetAsync(Tenant, "/settings", ct);
        if (settings.Body is JsonObject document && settings.Succeeded)
        {
            Input = KeySettingsInput.From(document);
        }
        else
        {
            Failure ??= settings;
        }
    }

    private async Task LoadKeysAsync(CancellationToken ct)
    {
        var list = await api.GetAsync(Tenant, "/keys", ct);
        if (list.Succeeded && list.As<KeyListView>() is { } keys)
        {
            Keys = keys.Items;
        }
        else
        {
            Failure ??= list;
        }
    }

    public static string When(DateTimeOffset? at) =>
        at is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "—";

    /// <summary>What a state means, in a few words.</summary>
    public static string Meaning(string status) => status switch
    {
        "active" => "signs new tokens",
        "next" => "published, signs from its start",
        "previous" => "published until its tokens expire",
        "revoked" => "withdrawn: its tokens are refused",
        _ => status,
    };
}
