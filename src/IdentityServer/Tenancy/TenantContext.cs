using IdentityServer.Data;
using IdentityServer.Tenancy.Settings;

namespace IdentityServer.Tenancy;

/// <summary>The tenant of the current request (or of a background job that sets it); scoped.</summary>
internal sealed class TenantContext : ICurrentTenant
{
    private TenantSettings? _settings;
    private string? _settingsJson;

    public Tenant? Current { get; private set; }

    public string? TenantId => Current?.Id;

    /// <summary>The tenant, where a scope without one is a programming error.</summary>
    public Tenant Required => Current ?? throw new InvalidOperationException("No tenant is set for this scope.");

    public string RequiredTenantId => Required.Id;

    /// <summary>
    /// The tenant's settings, parsed once per scope on first read and again only when the tenant's
    /// document changed (a settings write in the same request). Read-only by convention: a change goes
    /// through <see cref="TenantSettingsStore"/>.
    /// </summary>
    public TenantSettings Settings
    {
        get
        {
            var tenant = Required;
            if (_settings is null || !ReferenceEquals(_settingsJson, tenant.SettingsJson))
            {
                _settings = TenantSettingsStore.Read(tenant);
                _settingsJson = tenant.SettingsJson;
            }
            return _settings;
        }
    }

    public void Set(Tenant tenant)
    {
        Current = tenant;
        _settings = null;
    }
}
