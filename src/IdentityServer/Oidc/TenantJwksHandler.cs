using System.Security.Cryptography;
using IdentityServer.Keys;
using IdentityServer.Protocol;
using IdentityServer.Tenancy;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace IdentityServer.Oidc;

/// <summary>
/// SPEC 9: a tenant's JWKS lists its own published keys only (next, active, previous), public
/// parts only; a revoked key leaves it at once.
/// </summary>
internal sealed class TenantJwksHandler(KeyRing ring, TenantContext tenant)
    : IOpenIddictServerHandler<OpenIddictServerEvents.HandleJsonWebKeySetRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        ServerHandler.Scoped<OpenIddictServerEvents.HandleJsonWebKeySetRequestContext, TenantJwksHandler>(OpenIddictServerHandlers.Discovery.AttachSigningKeys.Descriptor.Order + 1_000);

    public async ValueTask HandleAsync(OpenIddictServerEvents.HandleJsonWebKeySetRequestContext context)
    {
        var tenantId = tenant.RequiredTenantId;
        if (ring.SigningKey(tenantId, SigningAlgorithms.Rs256) is null)
        {
            await ring.EnsureTenantAsync(tenantId, context.CancellationToken);
        }
        context.Keys.Clear();
        foreach (var key in ring.Published(tenantId).OrderBy(k => k.ActivatesAt))
        {
            context.Keys.Add(PublicJwk(key));
        }
    }

    private static JsonWebKey PublicJwk(RingKey key)
    {
        var jwk = new JsonWebKey { Kid = key.Kid, Use = JsonWebKeyUseNames.Sig, Alg = key.Algorithm };
        switch (key.Key)
        {
            case ECDsaSecurityKey ec:
                var q = ec.ECDsa.ExportParameters(includePrivateParameters: false).Q;
                jwk.Kty = JsonWebAlgorithmsKeyTypes.EllipticCurve;
                jwk.Crv = JsonWebKeyECTypes.P256;
                jwk.X = Base64UrlEncoder.Encode(q.X);
                jwk.Y = Base64UrlEncoder.Encode(q.Y);
                break;
            case RsaSecurityKey { Rsa: RSA rsa }:
                var p = rsa.ExportParameters(includePrivateParameters: false);
                jwk.Kty = JsonWebAlgorithmsKeyTypes.RSA;
                jwk.N = Base64UrlEncoder.Encode(p.Modulus);
                jwk.E = Base64UrlEncoder.Encode(p.Exponent);
                break;
        }
        return jwk;
    }
}
