using IdentityServer.Protocol;
using IdentityServer.Tenancy;
using OpenIddict.Server;

namespace IdentityServer.Oidc;

/// <summary>
/// SPEC 9: discovery's <c>id_token_signing_alg_values_supported</c> names what the tenant can sign
/// identity tokens with: RS256, and ES256 while the tenant has ES256 keys (clients choose with
/// <c>id_token_signed_response_alg</c>). OpenIddict's own list comes from its throwaway start-up key.
/// Other lists (e.g. <c>token_endpoint_auth_signing_alg_values_supported</c>) are left as they are.
/// </summary>
internal sealed class TenantIdTokenAlgorithmsHandler(TenantContext tenant)
    : IOpenIddictServerHandler<OpenIddictServerEvents.HandleConfigurationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        ServerHandler.Scoped<OpenIddictServerEvents.HandleConfigurationRequestContext, TenantIdTokenAlgorithmsHandler>(OpenIddictServerHandlers.Discovery.AttachSigningAlgorithms.Descriptor.Order + 1_000);

    public ValueTask HandleAsync(OpenIddictServerEvents.HandleConfigurationRequestContext context)
    {
        if (tenant.Current is { } current)
        {
            context.IdTokenSigningAlgorithms.Clear();
            foreach (var algorithm in TenantAlgorithms.IdentityTokenAlgorithms(current))
            {
                context.IdTokenSigningAlgorithms.Add(algorithm);
            }
        }
        return ValueTask.CompletedTask;
    }
}
