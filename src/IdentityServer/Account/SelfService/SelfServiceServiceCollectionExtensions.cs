namespace IdentityServer.Account.SelfService;

internal static class SelfServiceServiceCollectionExtensions
{
    /// <summary>The self-service pages' services: registration, forgot/reset password, adding an email (issue 15 point 5).</summary>
    public static IServiceCollection AddSelfService(this IServiceCollection services)
    {
        // The pages speak fr, de and es: their letters go out as they are, not as &#xE9; entities.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddScoped<SelfServiceMail>();
        services.AddScoped<Registrations>();
        services.AddScoped<PasswordResets>();
        services.AddScoped<EmailAddresses>();
        return services;
    }
}
