namespace IdentityServer.Admin.Pages.Tenant.Users;

/// <summary>The phone form: the number, whether to text a code first, and then the code.</summary>
public sealed class PhoneInput
{
    public string? PhoneNumber { get; set; }

    /// <summary>True: text a code to the phone and ask for it; false: the admin vouches for the number.</summary>
    public bool Verify { get; set; }

    public string? OtpId { get; set; }

    public string? Code { get; set; }
}
