namespace IdentityServer.Bootstrap;

/// <summary>SPEC 7: the first platform admin and the automation client, from Bootstrap__* settings.</summary>
internal sealed class BootstrapOptions
{
    public const string Section = "Bootstrap";

    public string? AdminEmail { get; set; }
    public string? AdminPassword { get; set; }
    public string? AutomationClientSecret { get; set; }
    /// <summary>Bootstrap__SeedDemo: seed the demo tenant (default: on in Development only).</summary>
    public bool? SeedDemo { get; set; }
}
