using IdentityServer.Data;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace IdentityServer.Oidc;

/// <summary>
/// The two ends of <see cref="OneWriteSignIn"/> at the token endpoint: deferring starts before
/// OpenIddict redeems the presented code or refresh token, and one save writes everything just
/// before the response. Validation (including the revocation of a reused token's family) saves
/// at once as before: it runs before the sign-in.
/// </summary>
internal static class OneWriteSignInHandlers
{
    public static OpenIddictServerHandlerDescriptor Begin { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessSignInContext>()
            .UseScopedHandler<BeginHandler>()
            .SetOrder(OpenIddictServerHandlers.ValidateSignInDemand.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public static OpenIddictServerHandlerDescriptor Save { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessSignInContext>()
            .UseScopedHandler<SaveHandler>()
            .SetOrder(OpenIddictServerHandlers.AttachSignInParameters.Descriptor.Order - 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    internal sealed class BeginHandler(OneWriteSignIn writes) : IOpenIddictServerHandler<ProcessSignInContext>
    {
        public ValueTask HandleAsync(ProcessSignInContext context)
        {
            // A client_credentials token writes nothing: nothing to defer or save.
            writes.Deferring = context.EndpointType == OpenIddictServerEndpointType.Token
                && context.Request?.IsClientCredentialsGrantType() != true;
            return ValueTask.CompletedTask;
        }
    }

    internal sealed class SaveHandler(OneWriteSignIn writes, PlatformDbContext db) : IOpenIddictServerHandler<ProcessSignInContext>
    {
        public async ValueTask HandleAsync(ProcessSignInContext context)
        {
            if (!writes.Deferring)
            {
                return;
            }
            writes.Deferring = false;
            try
            {
                await db.SaveChangesAsync(context.CancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another request redeemed the same code or refresh token first: nothing was written.
                context.Reject(Errors.InvalidGrant, "The specified token has already been redeemed.");
            }
        }
    }
}
