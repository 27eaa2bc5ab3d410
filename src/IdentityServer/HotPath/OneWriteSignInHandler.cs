using IdentityServer.Data;
using IdentityServer.Protocol;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace IdentityServer.HotPath;

/// <summary>
/// The one write of a sign-in at the token endpoint: the grant's unit of work (Data/UnitOfWork,
/// opened by the token endpoint) is still open while OpenIddict redeems the presented code or
/// refresh token and creates the new one and an ad-hoc authorization (the stores of this folder
/// queue them), and this handler commits it, with the grant's rows, just before the response.
/// Validation (including the revocation of a reused token's family) runs before and saves at once.
/// </summary>
internal sealed class OneWriteSignInHandler(UnitOfWork unit) : IOpenIddictServerHandler<ProcessSignInContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        ServerHandler.Scoped<ProcessSignInContext, OneWriteSignInHandler>(OpenIddictServerHandlers.AttachSignInParameters.Descriptor.Order - 500);

    public async ValueTask HandleAsync(ProcessSignInContext context)
    {
        if (context.EndpointType != OpenIddictServerEndpointType.Token || !unit.IsOpen)
        {
            return;
        }
        if (!await unit.CommitAsync(context.CancellationToken))
        {
            // Another request redeemed the same code or refresh token (or used the same factor) first: nothing was written.
            context.Reject(Errors.InvalidGrant, GrantOutcome.LostRace);
        }
    }
}
