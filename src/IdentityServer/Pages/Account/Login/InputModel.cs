namespace IdentityServer.Pages.Account.Login;

public sealed class InputModel
{
    public string? Email { get; set; }
    public string? Password { get; set; }
}
