namespace IdentityServer.Pages.Account.Login;

internal sealed class InputModel
{
    public string? Email { get; set; }
    public string? Password { get; set; }
}
