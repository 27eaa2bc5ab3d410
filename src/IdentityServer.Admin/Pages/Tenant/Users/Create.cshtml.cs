using IdentityServer.Admin.Management;
using IdentityServer.Admin.SignIn;
using Microsoft.AspNetCore.Mvc;

namespace IdentityServer.Admin.Pages.Tenant.Users;

/// <summary>/t/{tenant}/users/new: adds a user with an email, a phone (U1 and U2 apply), or both.</summary>
public sealed class CreateModel(ManagementClient api) : TenantPageModel
{
    [BindProperty]
    public CreateInput Input { get; set; } = new();

    /// <summary>The user just added, for a link to their page.</summary>
    public UserView? Created { get; private set; }

    /// <summary>U1 (409 second_factor_required): SMS would become this user's only way in.</summary>
    public bool SecondFactorRequired => Failure?.Body?["error"]?.ToString() == "second_factor_required";

    public string AdminRole => AdminRoles.AdminRoleOf(Tenant);

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var created = await api.PostAsync(Tenant, "/users", Input.ToRequest(AdminRole), ct);
        if (!created.Succeeded)
        {
            Failure = created;
            Input.Password = null;
            return Page();
        }
        Created = created.As<UserView>();
        Success = $"The user {Created?.Contact ?? Created?.Label} was added.";
        ModelState.Clear();
        Input = new CreateInput();
        return Page();
    }
}
