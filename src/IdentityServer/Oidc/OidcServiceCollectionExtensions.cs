using IdentityServer.Data;
using IdentityServer.Protocol;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace IdentityServer.Oidc;

internal static class OidcServiceCollectionExtensions
{
    /// <summary>OpenIddict core (EF Core stores, tenant-stamped entities) and server, per tenant under /t/{tenant}.</summary>
    public static IServiceCollection AddOidcServer(this IServiceCollection services, IHostEnvironment env)
    {
        services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>, KeyRingServerOptionsSetup>();

        services.AddOpenIddict()
            .AddCore(core =>
            {
                core.UseEntityFrameworkCore()
                    .UseDbContext<PlatformDbContext>()
                    .ReplaceDefaultEntities<TenantApplication, TenantAuthorization, TenantScope, TenantToken, string>();
                core.ReplaceApplicationManager(typeof(FastClientSecretApplicationManager<>));
            })
            .AddServer(server =>
            {
                // Relative URIs: resolved against /t/{tenant}, so each tenant has its own endpoints.
                server.SetConfigurationEndpointUris(".well-known/openid-configuration")
                    .SetJsonWebKeySetEndpointUris(".well-known/jwks")
                    .SetAuthorizationEndpointUris("connect/authorize")
                    .SetTokenEndpointUris("connect/token")
                    .SetUserInfoEndpointUris("connect/userinfo")
                    .SetIntrospectionEndpointUris("connect/introspect")
                    .SetRevocationEndpointUris("connect/revoke")
                    .SetEndSessionEndpointUris("connect/endsession");

                server.AllowAuthorizationCodeFlow()
                    .AllowRefreshTokenFlow()
                    .AllowClientCredentialsFlow()
                    .AllowCustomFlow(PlatformGrants.SmsOtp)
                    .AllowCustomFlow(PlatformGrants.MfaOtp);

                server.RegisterScopes([.. PlatformScopes.Standard]);
                server.RegisterClaims(Claims.Subject, Claims.Name, Claims.GivenName, Claims.FamilyName, Claims.Email,
                    Claims.EmailVerified, Claims.PhoneNumber, Claims.PhoneNumberVerified, Claims.Role, PlatformClaims.Amr);

                // Third-party APIs validate access tokens with the tenant's JWKS: signed, not encrypted.
                server.DisableAccessTokenEncryption();
                // Reuse of a rotated refresh token is detected at once and revokes the family.
                server.SetRefreshTokenReuseLeeway(TimeSpan.Zero);
                // SPEC 3: PKCE with S256 only; "plain" is not offered.
                server.Configure(o => o.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain));
                // SPEC 9: each tenant's own keys sign its tokens, check them and fill its JWKS.
                server.AddEventHandler(TenantSigningCredentialsHandler.Descriptor);
                server.AddEventHandler(TenantValidationKeysHandler.Descriptor);
                server.AddEventHandler(TenantJwksHandler.Descriptor);
                server.AddEventHandler(TenantIdTokenAlgorithmsHandler.Descriptor);
                server.AddEventHandler(SingleUseRefreshTokenHandler.Descriptor);
                // Issue 12.13 / 12.16: token contents, authorization errors, revocation, introspection.
                server.AddEventHandler(AccessTokenClaimsHandler.Descriptor);
                server.AddEventHandler(InternalClaimsHandler.Descriptor);
                server.AddEventHandler(OwnErrorsWithoutErrorUriHandler.Descriptor);
                server.AddEventHandler(AuthorizationErrorsToClientHandler.Descriptor);
                server.AddEventHandler(ForeignTokenHandler.IntrospectionDescriptor);
                server.AddEventHandler(ForeignTokenHandler.RevocationDescriptor);
                server.AddEventHandler(RevokedAccessTokenCheckHandler.Descriptor);
                server.RemoveEventHandler(RevokeTokenHandler.Replaced);
                server.AddEventHandler(RevokeTokenHandler.Descriptor);
                server.AddEventHandler(TokenIssuedMetricHandler.Descriptor);
                server.SetAccessTokenLifetime(TimeSpan.FromMinutes(15));
                server.SetRefreshTokenLifetime(TimeSpan.FromDays(30));


                var aspNetCore = server.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableUserInfoEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    // Errors that cannot go back to the client are answered by us as problem+json.
                    .EnableErrorPassthrough();
                if (!env.IsProduction())
                {
                    // SPEC 10: plain HTTP is allowed outside Production (loopback development and tests).
                    aspNetCore.DisableTransportSecurityRequirement();
                }
            });
        // Client authentication of the platform's own endpoints (SMS start, MFA enroll and challenge).
        services.AddScoped<ClientAuthenticator>();
        // The grants of the token endpoint other than client_credentials, keyed by grant_type (TokenEndpoint).
        services.AddHttpContextAccessor();
        services.AddKeyedScoped<ITokenGrant, RedeemGrant>(GrantTypes.AuthorizationCode);
        services.AddKeyedScoped<ITokenGrant, RedeemGrant>(GrantTypes.RefreshToken);
        services.AddKeyedScoped<ITokenGrant, SmsSignIn.SmsOtpGrant>(PlatformGrants.SmsOtp);
        services.AddKeyedScoped<ITokenGrant, Mfa.MfaOtpGrant>(PlatformGrants.MfaOtp);
        return services;
    }
}
