using IdentityServer.Account;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpenIddict.Abstractions;

namespace IdentityServer.Pages.Account.Consent;

/// <summary>Shows what a client asks for; the answer is posted back to connect/authorize with the original parameters.</summary>
internal sealed class IndexModel(IOpenIddictApplicationManager apps) : PageModel
{
    private static readonly Dictionary<string, string> Descriptions = new()
    {
        ["openid"] = "Know who you are",
        ["profile"] = "See your name",
        ["email"] = "See your email address",
        ["phone"] = "See your phone number",
        ["offline_access"] = "Stay signed in when you are not using it",
        ["roles"] = "See your roles",
    };

    public string ApplicationName { get; private set; } = "";
    public List<string> Scopes { get; } = [];
    public List<KeyValuePair<string, string>> Parameters { get; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        var session = await HttpContext.AuthenticateAsync(SessionScheme.Name);
        var clientId = Request.Query["client_id"].ToString();
        var app = session.Succeeded && clientId.Length is > 0 and <= 100 ? await apps.FindByClientIdAsync(clientId) : null;
        if (app is null)
        {
            return LocalRedirect(Request.PathBase + "/account/login");
        }
        ApplicationName = await apps.GetLocalizedDisplayNameAsync(app) ?? clientId;
        foreach (var scope in Request.Query["scope"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            Scopes.Add(Descriptions.GetValueOrDefault(scope, $"Use {scope}"));
        }
        foreach (var (key, values) in Request.Query)
        {
            foreach (var value in values)
            {
                Parameters.Add(new(key, value ?? ""));
            }
        }
        return Page();
    }
}
