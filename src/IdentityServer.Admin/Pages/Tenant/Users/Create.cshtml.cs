using IdentityServer.Admin.Management;
using Microsoft.AspNetCore.Mvc;

namespace IdentityServer.Admin.Pages.Tenant.Users;

/// <summary>/t/{tenant}/users/new: adds a user.</summary>
public sealed class CreateModel(ManagementClient api) : TenantPageModel
{
    [BindProperty]
    public CreateInput Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var created = await api.PostAsync(Tenant, "/users", Input.ToRequest(), ct);
        if (!created.Succeeded)
        {
            Failure = created;
            Input.Password = null;
            return Page();
        }
        Success = $"The user {created.As<UserView>()?.Email} was added.";
        ModelState.Clear();
        Input = new CreateInput();
        return Page();
    }
}
