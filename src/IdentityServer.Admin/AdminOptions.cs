namespace IdentityServer.Admin;

public sealed class AdminOptions
{
    public const string Section = "Admin";

    public string ServerUrl { get; set; } = "http://localhost:5000";
}
