using IdentityServer.Protocol;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace IdentityServer.Oidc;

/// <summary>
/// A challenge or forbid always comes from this server's own code (mfa_required, the SMS grant's
/// invalid_grant, login_required...), and OpenIddict would stamp it with a link to its own
/// documentation of an unrelated error. Ours carry no error_uri (issue 12.16).
/// </summary>
internal sealed class OwnErrorsWithoutErrorUriHandler : IOpenIddictServerHandler<ProcessChallengeContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        ServerHandler.Singleton<ProcessChallengeContext, OwnErrorsWithoutErrorUriHandler>(OpenIddictServerHandlers.AttachDefaultChallengeError.Descriptor.Order + 500);

    public ValueTask HandleAsync(ProcessChallengeContext context)
    {
        context.Response.ErrorUri = null;
        return ValueTask.CompletedTask;
    }
}
