using System.Net.Http.Headers;
using System.Text;
using IdentityServer.Operations;
using OpenIddict.Abstractions;

namespace IdentityServer.Oidc;

/// <summary>
/// Client authentication as at the token endpoint, for our own endpoints outside OpenIddict
/// (connect/sms/start): client_secret_basic or client_secret_post; public clients send only client_id.
/// </summary>
internal sealed class ClientAuthenticator(IOpenIddictApplicationManager apps)
{
    /// <summary>
    /// For a form POST to one of our endpoints: the form and the authenticated client, or the
    /// OAuth error to answer (400 for a body that is not a form, 401 invalid_client).
    /// </summary>
    public async Task<(ClientForm? Ok, IResult? Error)> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasFormContentType)
        {
            return (null, OAuthErrors.Response(OAuthErrors.FormRequired));
        }
        var form = await request.ReadFormAsync(ct);
        var client = await AuthenticateAsync(request, form, ct);
        return client.Error is null
            ? (new ClientForm(form, client.ClientId!, client.Application!), null)
            : (null, OAuthErrors.Response(401, OpenIddictConstants.Errors.InvalidClient, client.Error));
    }

    /// <summary>The authenticated client (its application and client_id), or the reason it is not.</summary>
    private async Task<(object? Application, string? ClientId, string? Error)> AuthenticateAsync(
        HttpRequest request, IFormCollection form, CancellationToken ct)
    {
        var (clientId, secret) = FromBasic(request) ?? (form["client_id"].ToString(), form["client_secret"].ToString());
        if (clientId.Length is 0 or > 100)
        {
            return Failed("The client_id is missing.");
        }
        var app = await apps.FindByClientIdAsync(clientId, ct);
        if (app is null)
        {
            return Failed("The client is not valid.");
        }
        if (await apps.HasClientTypeAsync(app, OpenIddictConstants.ClientTypes.Public, ct))
        {
            return secret.Length == 0 ? (app, clientId, null)
                : Failed("A public client does not send a secret.");
        }
        return secret.Length > 0 && secret.Length <= 500 && await apps.ValidateClientSecretAsync(app, secret, ct)
            ? (app, clientId, null)
            : Failed("The client is not valid.");

        static (object?, string?, string?) Failed(string error) => (null, null, error);
    }

    private static (string, string)? FromBasic(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
        {
            return null;
        }
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
            var colon = decoded.IndexOf(':');
            return colon < 0 ? null
                : (Uri.UnescapeDataString(decoded[..colon].Replace('+', ' ')), Uri.UnescapeDataString(decoded[(colon + 1)..].Replace('+', ' ')));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>A form posted by an authenticated client.</summary>
internal sealed record ClientForm(IFormCollection Form, string ClientId, object Application);
