namespace IdentityServer.Tenancy;

internal sealed class PublicOriginOptions
{
    public const string Section = "PublicOrigin";

    /// <summary>PublicOrigin__Url: the scheme and host clients see (behind a proxy); empty to use the request's.</summary>
    public string? Url { get; set; }
}
