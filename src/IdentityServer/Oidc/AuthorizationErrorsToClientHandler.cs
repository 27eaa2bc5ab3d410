using IdentityServer.Protocol;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace IdentityServer.Oidc;

/// <summary>
/// SPEC 3 (RFC 6749 4.1.2.1): once the client and its redirect URI are known to be valid, every
/// authorization error goes back to that URI. OpenIddict redirects only when its whole validation
/// passed, so an invalid_scope or an unsupported code_challenge_method was shown by the server; here
/// the redirect URI is checked against the client's registered ones and used for those errors too.
/// Errors before that point (unknown client, unregistered redirect URI) stay on the server's page.
/// </summary>
internal sealed class AuthorizationErrorsToClientHandler(IOpenIddictApplicationManager apps)
    : IOpenIddictServerHandler<ApplyAuthorizationResponseContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        ServerHandler.Scoped<ApplyAuthorizationResponseContext, AuthorizationErrorsToClientHandler>(OpenIddictServerHandlers.Authentication.InferResponseMode.Descriptor.Order + 500);

    public async ValueTask HandleAsync(ApplyAuthorizationResponseContext context)
    {
        if (!string.IsNullOrEmpty(context.RedirectUri) || string.IsNullOrEmpty(context.Response.Error)
            || context.Request is not { ClientId: { Length: > 0 } clientId, RedirectUri: { Length: > 0 } redirectUri } request)
        {
            return;
        }
        var app = await apps.FindByClientIdAsync(clientId, context.CancellationToken);
        if (app is null || !await apps.HasPermissionAsync(app, Permissions.Endpoints.Authorization, context.CancellationToken)
            || !await apps.ValidateRedirectUriAsync(app, redirectUri, context.CancellationToken))
        {
            return;
        }
        context.RedirectUri = redirectUri;
        // The response_mode itself may be what was refused: fall back to the response type's default.
        context.ResponseMode = request.IsFormPostResponseMode() ? ResponseModes.FormPost
            : request.IsFragmentResponseMode() ? ResponseModes.Fragment : ResponseModes.Query;
    }
}
