using IdentityServer.Keys;
using IdentityServer.Oidc;
using IdentityServer.Tenancy;

namespace IdentityServer.Management;

/// <summary>
/// The client body's rules (Oidc/ClientModelRules) for POST and PUT of clients. JSON nulls for
/// lists mean empty lists and the secret is never taken from a request; on PUT the client id is
/// the route's and the type stays the stored one (a type is chosen once). ES256 identity tokens need
/// the tenant's ES256 keys.
/// </summary>
internal sealed class ClientBodyRules(ClientRegistry registry, TenantContext tenant) : IBodyRules<ClientModel>
{
    public async ValueTask<Dictionary<string, string[]>> CheckAsync(ClientModel body, HttpContext http)
    {
        body.RedirectUris ??= [];
        body.PostLogoutRedirectUris ??= [];
        body.GrantTypes ??= [];
        body.Scopes ??= [];
        body.Type ??= ClientTypes.Confidential;
        body.Consent ??= ConsentTypes.Implicit;
        body.ClientId ??= "";
        body.ClientSecret = null;
        if (http.Request.RouteValues["clientId"] is string clientId)
        {
            if (clientId == ITenantProvisioning.ManagedClientId)
            {
                // The endpoint answers 409: the server manages that client.
                return [];
            }
            body.ClientId = clientId;
            if (await registry.FindAsync(clientId, http.RequestAborted) is not { } existing)
            {
                // The endpoint answers 404.
                return [];
            }
            body.Type = existing.Type;
        }
        var errors = ClientModelRules.Check(body);
        // ES256 identity tokens need the tenant's ES256 keys (signing_keys.algorithm ES256, SPEC 9).
        if (body.IdTokenSignedResponseAlg == SigningAlgorithms.Es256 && !errors.ContainsKey("id_token_signed_response_alg")
            && tenant.Settings.SigningKeys.Algorithm != SigningAlgorithms.Es256)
        {
            errors["id_token_signed_response_alg"] =
                ["The tenant has no ES256 keys: set the setting signing_keys.algorithm to ES256 first, or use RS256."];
        }
        return errors;
    }
}
