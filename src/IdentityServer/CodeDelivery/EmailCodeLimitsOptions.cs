using System.ComponentModel.DataAnnotations;

namespace IdentityServer.CodeDelivery;

/// <summary>Platform-wide limits on emailed codes (Email__Limits__*), issue 12 point 5.</summary>
internal sealed class EmailCodeLimitsOptions
{
    public const string Section = "Email:Limits";

    /// <summary>Email__Limits__PerAddressPerHour: codes one address may be sent per tenant and hour.</summary>
    [Range(1, 1000, ErrorMessage = "Email__Limits__PerAddressPerHour must be between 1 and 1000.")]
    public int PerAddressPerHour { get; set; } = 10;

    /// <summary>Email__Limits__PerIpPerHour: emailed codes one client IP may request per tenant and hour.</summary>
    [Range(1, 100_000, ErrorMessage = "Email__Limits__PerIpPerHour must be between 1 and 100000.")]
    public int PerIpPerHour { get; set; } = 30;
}
