using IdentityServer.Keys;
using IdentityServer.Tenancy;
using IdentityServer.Tenancy.Settings;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IdentityServer.Management;

/// <summary>SPEC 7/9: a tenant's signing keys: list, rotate now, revoke a compromised key. Every change is audited.</summary>
internal static class KeyEndpoints
{
    public static void MapKeys(this RouteGroupBuilder tenant)
    {
        tenant.MapGet("/keys", ListAsync);
        tenant.MapPost("/keys/rotate", RotateAsync).Audited(Audit.AuditActions.KeysRotated);
        tenant.MapPost("/keys/{kid}/revoke", RevokeAsync).Audited(Audit.AuditActions.KeyRevoked);
    }

    // Like the JWKS, the list makes the keys the tenant's settings call for and this node has not seen yet
    // (a new tenant's first key, the first ES256 key just after signing_keys.algorithm became ES256).
    private static async Task<Ok<KeyList>> ListAsync(TenantContext t, KeyRing ring, TimeProvider time, CancellationToken ct)
    {
        var tenantId = t.RequiredTenantId;
        await ring.EnsureTenantAsync(tenantId, ct);
        if (t.Settings.SigningKeys.Algorithm == SigningAlgorithms.Es256)
        {
            await ring.EnsureTenantAsync(tenantId, ct, SigningAlgorithms.Es256);
        }
        return TypedResults.Ok(KeyList.Of(ring.KeysOf(tenantId), time.GetUtcNow()));
    }

    private static async Task<Results<Ok<KeyList>, ConflictProblem>> RotateAsync(TenantContext t, KeyRotation rotation, KeyRing ring,
        AuditTrail trail, TimeProvider time, CancellationToken ct)
    {
        var tenantId = t.RequiredTenantId;
        var before = ring.KeysOf(tenantId).Select(k => k.Kid).ToHashSet();
        if (!await rotation.RotateNowAsync(tenantId, ct))
        {
            return Problems.Conflict("The tenant's keys were changed by another request at the same moment; nothing was rotated. Try again.");
        }
        var list = KeyList.Of(ring.KeysOf(tenantId), time.GetUtcNow());
        trail.On("tenant:" + tenantId)
            .With("active", list.Items.Where(k => k.Status == "active").Select(k => k.Kid).ToList())
            .With("created", list.Items.Where(k => !before.Contains(k.Kid)).Select(k => k.Kid).ToList());
        return TypedResults.Ok(list);
    }

    private static async Task<Results<NoContent, NotFoundProblem, ConflictProblem>> RevokeAsync(string kid, TenantContext t, KeyRotation rotation,
        AuditTrail trail, CancellationToken ct)
    {
        switch (await rotation.RevokeAsync(t.RequiredTenantId, kid, ct))
        {
            case KeyChange.NotFound:
                return Problems.NotFound($"The tenant has no signing key '{kid}'.");
            case KeyChange.Collided:
                return Problems.Conflict("The tenant's keys were changed by another request at the same moment; the key was not revoked. Try again.");
        }
        trail.On("key:" + kid).With("kid", kid);
        return TypedResults.NoContent();
    }
}
