using System.ComponentModel.DataAnnotations;

namespace IdentityServer.CodeDelivery;

/// <summary>Platform-wide abuse limits beside each tenant's per-phone settings (Sms__Limits__*).</summary>
internal sealed class SmsLimitsOptions
{
    public const string Section = "Sms:Limits";

    /// <summary>Sms__Limits__PerIpPerHour: codes one client IP may request per tenant and hour.</summary>
    [Range(1, 100_000, ErrorMessage = "Sms__Limits__PerIpPerHour must be between 1 and 100000.")]
    public int PerIpPerHour { get; set; } = 30;

    /// <summary>Sms__Limits__PerTenantPerHour: codes one tenant may send per hour (a cost ceiling).</summary>
    [Range(1, 10_000_000, ErrorMessage = "Sms__Limits__PerTenantPerHour must be between 1 and 10000000.")]
    public int PerTenantPerHour { get; set; } = 10_000;

    /// <summary>Sms__Limits__PerUserPerHour: phone-verification codes one user may be sent per hour (account page and management API).</summary>
    [Range(1, 1000, ErrorMessage = "Sms__Limits__PerUserPerHour must be between 1 and 1000.")]
    public int PerUserPerHour { get; set; } = 10;
}
