using OpenIddict.Abstractions;

namespace IdentityServer.Oidc;

/// <summary>The outcome of a secret rotation: the new secret (shown once) and until when the old one works, or why not.</summary>
internal abstract record SecretRotation
{
    private SecretRotation()
    {
    }

    public sealed record Rotated(string ClientSecret, DateTimeOffset PreviousSecretExpiresAt) : SecretRotation;

    public sealed record NoSuchClient : SecretRotation;

    /// <summary>A public client has no secret to rotate.</summary>
    public sealed record PublicClient : SecretRotation;

    /// <summary>Another change to the client was saved meanwhile; nothing was changed.</summary>
    public sealed record Conflict : SecretRotation;
}

/// <summary>
/// Gives a confidential client of the current tenant a new secret; the old one keeps working for the
/// grace period the admin chose (0 to 7 days), then is refused (<see cref="ClientSecretRotation"/>).
/// A secret still in an earlier grace period is dropped: only the secret just replaced stays valid.
/// </summary>
internal sealed class ClientSecretRotator(IOpenIddictApplicationManager apps, TimeProvider time)
{
    public async Task<SecretRotation> RotateAsync(string clientId, int gracePeriodSeconds, CancellationToken ct)
    {
        var app = await apps.FindByClientIdAsync(clientId, ct);
        if (app is null)
        {
            return new SecretRotation.NoSuchClient();
        }
        if (await apps.HasClientTypeAsync(app, OpenIddictConstants.ClientTypes.Public, ct))
        {
            return new SecretRotation.PublicClient();
        }
        var descriptor = new OpenIddictApplicationDescriptor();
        await apps.PopulateAsync(descriptor, app, ct);
        var now = time.GetUtcNow();
        var until = now.AddSeconds(gracePeriodSeconds);
        // descriptor.ClientSecret holds the stored hash of the current secret: it becomes the previous one.
        ClientSecretRotation.KeepPrevious(descriptor.Settings, descriptor.ClientSecret, now, until);
        await apps.PopulateAsync(app, descriptor, ct);
        var secret = ClientRegistry.NewSecret();
        try
        {
            // OpenIddict hashes the new secret (FastClientSecretApplicationManager) and saves the row once.
            await apps.UpdateAsync(app, secret, ct);
        }
        catch (OpenIddictExceptions.ConcurrencyException)
        {
            // Two rotations at once: one wins; the other's secret was never saved and is not shown.
            return new SecretRotation.Conflict();
        }
        return new SecretRotation.Rotated(secret, until);
    }
}
