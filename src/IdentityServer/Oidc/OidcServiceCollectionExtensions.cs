using IdentityServer.Data;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace IdentityServer.Oidc;

public static class OidcServiceCollectionExtensions
{
    /// <summary>OpenIddict core (EF Core stores, tenant-stamped entities) and server, per tenant under /t/{tenant}.</summary>
    public static IServiceCollection AddOidcServer(this IServiceCollection services, IHostEnvironment env)
    {
        services.AddSingleton<KeyRing>();
        services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>, KeyRingServerOptionsSetup>();

        services.AddOpenIddict()
            .AddCore(core =>
            {
                core.UseEntityFrameworkCore()
                    .UseDbContext<PlatformDbContext>()
                    .ReplaceDefaultEntities<TenantApplication, TenantAuthorization, TenantScope, TenantToken, string>();
                core.ReplaceApplicationManager(typeof(FastClientSecretApplicationManager<>));
                // Client linked by key, and the token endpoint's writes deferred to one save (OneWriteSignIn).
                core.ReplaceTokenStore<TenantToken, PlatformTokenStore>();
                core.ReplaceAuthorizationStore<TenantAuthorization, PlatformAuthorizationStore>();
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
                // Access tokens are self-contained JWTs: no row written per access token.
                server.AddEventHandler(StatelessAccessTokenHandler.Descriptor);
                server.AddEventHandler(AccessTokensSignedWithRsaHandler.Descriptor);
                server.AddEventHandler(OneWriteSignInHandlers.Begin);
                server.AddEventHandler(OneWriteSignInHandlers.Save);
                // Issue 12.13 / 12.16: token contents, authorization errors, revocation, introspection.
                server.AddEventHandler(AccessTokenClaimsHandler.Descriptor);
                server.AddEventHandler(InternalClaimsHandler.Descriptor);
                server.AddEventHandler(OwnErrorsWithoutErrorUriHandler.Descriptor);
                server.AddEventHandler(AuthorizationErrorsToClientHandler.Descriptor);
                server.AddEventHandler(IntrospectionByOwnerHandler.Descriptor);
                server.AddEventHandler(RevocationByOwnerHandler.Descriptor);
                server.AddEventHandler(RevokedAccessTokenCheckHandler.Descriptor);
                server.RemoveEventHandler(RevokeTokenHandler.Replaced);
                server.AddEventHandler(RevokeTokenHandler.Descriptor);
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
        // After AddOpenIddict: the token endpoint's client lookups come from a short-lived snapshot.
        services.AddHttpContextAccessor();
        services.AddScoped<OpenIddict.Abstractions.IOpenIddictApplicationCache<TenantApplication>, ClientSnapshotCache>();
        // And its scope checks from one too.
        services.AddScoped<OpenIddict.Abstractions.IOpenIddictScopeCache<TenantScope>, ScopeSnapshotCache>();
        // Client authentication of the platform's own endpoints (SMS start, MFA enroll and challenge).
        services.AddScoped<ClientAuthenticator>();
        services.AddScoped<OneWriteSignIn>();
        return services;
    }
}
