using IdentityServer.Admin.Management;
using IdentityServer.Admin.SignIn;
using Microsoft.AspNetCore.Mvc;

namespace IdentityServer.Admin.Pages.Tenant.Apps;

/// <summary>
/// /t/{tenant}/apps/{clientId}/edit: every field of a client; and a new secret (shown once) with a grace
/// period for the old one (POST clients/{client_id}/secret).
/// </summary>
public sealed class EditModel(ManagementClient api) : TenantPageModel
{
    /// <summary>The grace periods offered for the old secret, in seconds (the API takes 0 to 7 days).</summary>
    public static readonly (int Seconds, string Label)[] GracePeriods =
    [
        (0, "None: the old secret stops at once"),
        (3600, "1 hour"),
        (86400, "1 day"),
        (259200, "3 days"),
        (604800, "7 days"),
    ];

    [BindProperty(SupportsGet = true)]
    public string ClientId { get; set; } = "";

    [BindProperty]
    public EditInput Input { get; set; } = new();

    [BindProperty]
    public int GracePeriodSeconds { get; set; } = 86400;

    /// <summary>The client as the server has it; null when it could not be read.</summary>
    public ClientView? Client { get; private set; }

    /// <summary>The new secret, in the answer to the rotation only.</summary>
    public string? NewSecret { get; private set; }

    public DateTimeOffset? OldSecretExpiresAt { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } client)
        {
            Input = EditInput.From(client);
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is not { } current)
        {
            return Page();
        }
        if (ClientId == TenantOidcOptions.ClientId)
        {
            Failure = ApiResult.BadRequest("The admin app's own registration cannot be changed here: a wrong URI would lock every admin out.");
            return Page();
        }
        var saved = await api.PutAsync(Tenant, Path, Input.ToRequest(current), ct);
        if (!saved.Succeeded)
        {
            // The admin's input stays in the form, next to the rule it broke.
            Failure = saved;
            return Page();
        }
        Client = saved.As<ClientView>() ?? current;
        ModelState.Clear();
        Input = EditInput.From(Client);
        Success = $"The application {ClientId} was saved.";
        return Page();
    }

    public async Task<IActionResult> OnPostRotateSecretAsync(CancellationToken ct)
    {
        var rotated = await api.PostAsync(Tenant, Path + "/secret", new { grace_period_seconds = GracePeriodSeconds }, ct);
        if (rotated.Succeeded)
        {
            NewSecret = rotated.Body?["client_secret"]?.ToString();
            OldSecretExpiresAt = rotated.Body?["previous_secret_expires_at"]?.GetValue<DateTimeOffset>();
            Success = "A new secret was made. Copy it now: it is shown only this once.";
            // The secret must not be cached anywhere on the way back.
            Response.Headers.CacheControl = "no-store";
        }
        else
        {
            Failure = rotated;
        }
        ModelState.Clear();
        if (await LoadAsync(ct) is { } client)
        {
            Input = EditInput.From(client);
        }
        return Page();
    }

    private string Path => "/clients/" + Uri.EscapeDataString(ClientId);

    private async Task<ClientView?> LoadAsync(CancellationToken ct)
    {
        var read = await api.GetAsync(Tenant, Path, ct);
        Client = read.Succeeded ? read.As<ClientView>() : null;
        if (Client is null)
        {
            Failure ??= read;
        }
        return Client;
    }
}
