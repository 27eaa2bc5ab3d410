using IdentityServer.Data;

namespace IdentityServer.Tenancy.Settings;

/// <summary>Reads and replaces a tenant's settings document; a change that breaks P1-P5 is refused.</summary>
internal sealed class TenantSettingsStore(TenantCatalog catalog)
{
    public static TenantSettings Read(Tenant tenant)
    {
        var settings = SettingsJson.Read(tenant.SettingsJson);
        settings.DisplayName ??= tenant.DisplayName;
        return settings;
    }

    /// <summary>
    /// Renames the tenant. One name per tenant: the settings document carries it too (the SMS text reads it there),
    /// as <see cref="ReplaceAsync"/> keeps the tenant's name in step with the document's. The caller saves the tenant.
    /// </summary>
    public static void Rename(Tenant tenant, string displayName)
    {
        tenant.DisplayName = displayName;
        var settings = Read(tenant);
        settings.DisplayName = displayName;
        tenant.SettingsJson = SettingsJson.Write(settings);
    }

    /// <summary>Returns the rule violations, or an empty map when the document was stored.</summary>
    public async Task<Dictionary<string, string[]>> ReplaceAsync(Tenant tenant, TenantSettings settings, CancellationToken ct)
    {
        var errors = SettingsRules.Check(settings);
        if (errors.Count > 0)
        {
            return errors;
        }
        if (!string.IsNullOrWhiteSpace(settings.DisplayName))
        {
            tenant.DisplayName = settings.DisplayName;
        }
        tenant.SettingsJson = SettingsJson.Write(settings);
        await catalog.SaveAsync(tenant, ct);
        return errors;
    }
}
