using IdentityServer.Data;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;

namespace IdentityServer.HotPath;

internal static class HotPathServiceCollectionExtensions
{
    /// <summary>
    /// The tuned token and SMS path (README.md of this folder), or with HotPath__Enabled=false plain
    /// OpenIddict and EF Core: same answers, more queries and writes. Call after AddOidcServer.
    /// </summary>
    public static IServiceCollection AddHotPath(this IServiceCollection services, IConfiguration configuration)
    {
        var enabled = ReadEnabled(configuration);
        services.AddOptions<HotPathOptions>().Configure(o => o.Enabled = enabled);
        services.AddSingleton(new HotQueries(compiled: enabled));
        if (!enabled)
        {
            return services;
        }
        services.AddScoped(typeof(OneWriteRows<>));
        services.AddOpenIddict()
            .AddCore(core =>
            {
                // Client linked by key, and the grant's token rows queued for its one commit.
                core.ReplaceTokenStore<TenantToken, OneWriteTokenStore>();
                core.ReplaceAuthorizationStore<TenantAuthorization, OneWriteAuthorizationStore>();
            })
            .AddServer(server =>
            {
                // Access tokens are self-contained JWTs: no row written per access token.
                server.AddEventHandler(StatelessAccessTokenHandler.Descriptor);
                server.AddEventHandler(OneWriteSignInHandler.Descriptor);
            });
        // After AddOpenIddict: the token endpoint's client and scope lookups come from short-lived snapshots.
        services.AddHttpContextAccessor();
        services.AddScoped<Snapshots>();
        services.AddScoped<IOpenIddictApplicationCache<TenantApplication>, ClientSnapshotCache>();
        services.AddScoped<IOpenIddictScopeCache<TenantScope>, ScopeSnapshotCache>();
        return services;
    }

    // Read at registration (it decides what is registered); a value that is not a boolean stops the start.
    private static bool ReadEnabled(IConfiguration configuration)
    {
        var value = configuration[$"{HotPathOptions.Section}:{nameof(HotPathOptions.Enabled)}"];
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }
        return bool.TryParse(value.Trim(), out var enabled)
            ? enabled
            : throw new OptionsValidationException(HotPathOptions.Section, typeof(HotPathOptions),
                [$"HotPath__Enabled must be true or false (it is '{value}')."]);
    }
}
