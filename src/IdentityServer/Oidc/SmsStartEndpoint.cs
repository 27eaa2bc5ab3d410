using IdentityServer.Operations;
using IdentityServer.SmsSignIn;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace IdentityServer.Oidc;

/// <summary>POST /t/{tenant}/connect/sms/start (SPEC 4.1): parse, authenticate the client, call the service, map the answer.</summary>
internal static class SmsStartEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext http, ClientAuthenticator clients,
        IOpenIddictApplicationManager apps, SmsSignInService service, CancellationToken ct)
    {
        var (request, error) = await clients.ReadAsync(http.Request, ct);
        if (request is null)
        {
            return error!;
        }
        var form = request.Form;
        if (!await apps.HasPermissionAsync(request.Application, Permissions.Prefixes.GrantType + PlatformGrants.SmsOtp, ct))
        {
            return OAuthErrors.Response(OAuthErrors.SmsGrantNotAllowed);
        }
        var result = await service.StartAsync(new SmsStartRequest(request.ClientId, Single(form, "phone_number"), Single(form, "locale"),
            Single(form, "first_name"), Single(form, "last_name"), http.Connection.RemoteIpAddress?.ToString(), Tenancy.WebOtpHost.For(http)), ct);
        if (result is SmsStartResult.Started started)
        {
            http.Response.Headers.CacheControl = "no-store";
            return Results.Json(new Dictionary<string, object>
            {
                ["otp_id"] = started.OtpId,
                ["expires_in"] = started.ExpiresIn,
                ["resend_after"] = started.ResendAfter,
                ["code_length"] = started.CodeLength,
            });
        }
        var refused = (SmsStartResult.Refused)result;
        return OAuthErrors.Response(refused.Status, refused.Error, refused.Description, refused.RetryAfter);
    }

    // A parameter sent twice is ambiguous: treated as missing.
    private static string? Single(IFormCollection form, string key) =>
        form.TryGetValue(key, out var values) && values.Count == 1 ? values[0] : null;
}
