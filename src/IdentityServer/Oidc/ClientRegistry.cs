using System.Security.Cryptography;
using IdentityServer.Data;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace IdentityServer.Oidc;

/// <summary>Clients of the current tenant, stored as OpenIddict applications with their permissions.</summary>
internal sealed class ClientRegistry(IOpenIddictApplicationManager apps, IOpenIddictScopeManager scopes, PlatformDbContext db)
{
    public static string NewSecret() => Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>Creates the client; a confidential client gets a new secret unless one is given (bootstrap).</summary>
    public async Task<ClientModel> CreateAsync(ClientModel model, string? secret, CancellationToken ct)
    {
        if (model.Type == ClientTypes.Confidential)
        {
            secret ??= NewSecret();
        }
        else
        {
            secret = null;
        }
        await EnsureScopesAsync(model.Scopes, ct);
        var descriptor = ClientDescriptorMapper.ToDescriptor(model, secret);
        await apps.CreateAsync(descriptor, ct);
        var created = ClientDescriptorMapper.Copy(model);
        created.ClientSecret = secret;
        return created;
    }

    public async Task<ClientModel?> FindAsync(string clientId, CancellationToken ct)
    {
        var app = await apps.FindByClientIdAsync(clientId, ct);
        return app is null ? null : await ToModelAsync(app, ct);
    }

    public async Task<bool> ExistsAsync(string clientId, CancellationToken ct) =>
        await apps.FindByClientIdAsync(clientId, ct) is not null;

    public async Task<ClientModel?> UpdateAsync(string clientId, ClientModel model, CancellationToken ct)
    {
        var app = await apps.FindByClientIdAsync(clientId, ct);
        if (app is null)
        {
            return null;
        }
        await EnsureScopesAsync(model.Scopes, ct);
        var descriptor = new OpenIddictApplicationDescriptor();
        await apps.PopulateAsync(descriptor, app, ct);
        // The type and the secret stay as they were; the rest is replaced.
        model.ClientId = clientId;
        model.Type = descriptor.ClientType == OpenIddictConstants.ClientTypes.Public ? ClientTypes.Public : ClientTypes.Confidential;
        ClientDescriptorMapper.Apply(model, descriptor);
        await apps.PopulateAsync(app, descriptor, ct);
        await apps.UpdateAsync(app, ct);
        return await ToModelAsync(app, ct);
    }

    public async Task<bool> DeleteAsync(string clientId, CancellationToken ct)
    {
        var app = await apps.FindByClientIdAsync(clientId, ct);
        if (app is null)
        {
            return false;
        }
        await apps.DeleteAsync(app, ct);
        return true;
    }

    public async Task<(List<ClientModel> Items, long Total)> ListAsync(int page, int pageSize, CancellationToken ct)
    {
        var total = await db.Set<TenantApplication>().LongCountAsync(ct);
        var rows = await db.Set<TenantApplication>().OrderBy(a => a.ClientId)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        var items = new List<ClientModel>(rows.Count);
        foreach (var row in rows)
        {
            items.Add(await ToModelAsync(row, ct));
        }
        return (items, total);
    }

    private async Task<ClientModel> ToModelAsync(object app, CancellationToken ct)
    {
        var descriptor = new OpenIddictApplicationDescriptor();
        await apps.PopulateAsync(descriptor, app, ct);
        return ClientDescriptorMapper.ToModel(descriptor);
    }

    // API scopes (anything beyond the standard ones) are registered in the tenant on first use.
    private async Task EnsureScopesAsync(IEnumerable<string> names, CancellationToken ct)
    {
        foreach (var name in names.Distinct().Where(n => !PlatformScopes.Standard.Contains(n)))
        {
            if (await scopes.FindByNameAsync(name, ct) is null)
            {
                await scopes.CreateAsync(new OpenIddictScopeDescriptor { Name = name, DisplayName = name }, ct);
            }
        }
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
