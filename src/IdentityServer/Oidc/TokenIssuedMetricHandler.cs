using IdentityServer.Protocol;
using IdentityServer.Telemetry;
using IdentityServer.Tenancy;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace IdentityServer.Oidc;

/// <summary>
/// Counts each successful token response of OpenIddict's pipeline by grant type (<c>idp.tokens.issued</c>).
/// A grant answered outside the pipeline counts through <see cref="PlatformMetrics.TokenIssued"/> itself.
/// </summary>
internal sealed class TokenIssuedMetricHandler(PlatformMetrics metrics, TenantContext tenant) : IOpenIddictServerHandler<ApplyTokenResponseContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        ServerHandler.Scoped<ApplyTokenResponseContext, TokenIssuedMetricHandler>(int.MinValue + 100_000);

    public ValueTask HandleAsync(ApplyTokenResponseContext context)
    {
        if (string.IsNullOrEmpty(context.Error) && !string.IsNullOrEmpty(context.Response.AccessToken))
        {
            metrics.TokenIssued(context.Request?.GrantType ?? "unknown", tenant.TenantId ?? "-");
        }
        return ValueTask.CompletedTask;
    }
}
