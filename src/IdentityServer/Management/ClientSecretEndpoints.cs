using IdentityServer.Oidc;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IdentityServer.Management;

/// <summary>SPEC 7: POST clients/{client_id}/secret {grace_period_seconds}: a new secret, shown once; the old one for the grace period.</summary>
internal static class ClientSecretEndpoints
{
    public sealed record RotateRequest(int? GracePeriodSeconds);

    public sealed record RotateResponse(string ClientSecret, DateTimeOffset PreviousSecretExpiresAt);

    /// <summary>grace_period_seconds is required, 0 to 7 days.</summary>
    internal sealed class Rules : IBodyRules<RotateRequest>
    {
        public ValueTask<Dictionary<string, string[]>> CheckAsync(RotateRequest body, HttpContext http) =>
            ValueTask.FromResult(body?.GracePeriodSeconds is { } grace && grace >= 0 && grace <= ClientSecretRotation.MaxGracePeriodSeconds
                ? new Dictionary<string, string[]>()
                : new Dictionary<string, string[]>
                {
                    ["grace_period_seconds"] = [$"grace_period_seconds is required: how long the old secret keeps working, 0 to {ClientSecretRotation.MaxGracePeriodSeconds} seconds (7 days)."],
                });
    }

    public static void MapClientSecret(this RouteGroupBuilder tenant) =>
        tenant.MapPost("/clients/{clientId}/secret", RotateAsync).Audited(Audit.AuditActions.ClientSecretRotated);

    // The body was checked by Rules (the group's validation).
    private static async Task<Results<Ok<RotateResponse>, NotFoundProblem, ConflictProblem>> RotateAsync(string clientId, RotateRequest? body,
        HttpResponse response, ClientSecretRotator rotator, AuditTrail trail, CancellationToken ct)
    {
        if (clientId == ITenantProvisioning.ManagedClientId)
        {
            return Problems.Conflict($"The '{clientId}' client is managed by the server and has no secret.");
        }
        var rotated = await rotator.RotateAsync(clientId, body!.GracePeriodSeconds!.Value, ct);
        // The new secret must not be cached anywhere on its way to the admin.
        response.Headers.CacheControl = "no-store";
        switch (rotated)
        {
            case SecretRotation.Rotated r:
                // Never the secret itself: when the old one stops working.
                trail.On(Audit.AuditActor.Client(clientId)).With("grace_period_seconds", body.GracePeriodSeconds)
                    .With("previous_secret_expires_at", r.PreviousSecretExpiresAt);
                return TypedResults.Ok(new RotateResponse(r.ClientSecret, r.PreviousSecretExpiresAt));
            case SecretRotation.Conflict:
                return Problems.Conflict("The client was changed by another request at the same time; this rotation was not saved. Try again.");
            case SecretRotation.PublicClient:
                return Problems.Conflict($"'{clientId}' is a public client: it has no secret to rotate.");
            default:
                return Problems.NotFound($"There is no client '{clientId}' in this tenant.");
        }
    }
}
