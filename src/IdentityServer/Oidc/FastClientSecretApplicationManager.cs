using IdentityServer.HotPath;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Core;

namespace IdentityServer.Oidc;

/// <summary>
/// The platform's application manager: a client's previous secret still works during its rotation
/// grace period, and client secrets are hashed by HotPath/FastClientSecretHash (microseconds instead
/// of PBKDF2's ~5 ms) while the hot path is on; a secret stored that way is checked that way in both
/// modes, any other by OpenIddict's PBKDF2.
/// </summary>
internal sealed class FastClientSecretApplicationManager<TApplication>(
    IOpenIddictApplicationCache<TApplication> cache,
    ILogger<OpenIddictApplicationManager<TApplication>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictApplicationStore<TApplication> store,
    IOptions<HotPathOptions> hotPath,
    TimeProvider time)
    : OpenIddictApplicationManager<TApplication>(cache, logger, options, store)
    where TApplication : class
{
    /// <summary>The current secret, or the previous one during its rotation grace period (<see cref="ClientSecretRotation"/>).</summary>
    public override async ValueTask<bool> ValidateClientSecretAsync(TApplication application, string secret, CancellationToken cancellationToken = default)
    {
        if (await base.ValidateClientSecretAsync(application, secret, cancellationToken))
        {
            return true;
        }
        var settings = await GetSettingsAsync(application, cancellationToken);
        return ClientSecretRotation.PreviousSecret(settings, time.GetUtcNow()) is { } previous
            && await ValidateClientSecretAsync(secret, previous, cancellationToken);
    }

    protected override ValueTask<string> ObfuscateClientSecretAsync(string secret, CancellationToken cancellationToken = default) =>
        hotPath.Value.Enabled
            ? ValueTask.FromResult(FastClientSecretHash.Obfuscate(secret))
            : base.ObfuscateClientSecretAsync(secret, cancellationToken);

    protected override ValueTask<bool> ValidateClientSecretAsync(string secret, string comparand, CancellationToken cancellationToken = default) =>
        FastClientSecretHash.Owns(comparand)
            ? ValueTask.FromResult(FastClientSecretHash.Verify(secret, comparand))
            : base.ValidateClientSecretAsync(secret, comparand, cancellationToken);
}
