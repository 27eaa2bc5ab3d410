using IdentityServer.Oidc;

namespace IdentityServer.Management;

internal static class ClientEndpoints
{
    public static void MapClients(this RouteGroupBuilder tenant)
    {
        var clients = tenant.MapGroup("/clients");
        clients.MapPost("", CreateAsync).WithMetadata(new AuditedAttribute(Audit.AuditActions.ClientCreated));
        clients.MapGet("", ListAsync);
        clients.MapGet("/{clientId}", async (string clientId, ClientRegistry registry, CancellationToken ct) =>
            await registry.FindAsync(clientId, ct) is { } client ? TypedResults.Ok(client) : NotFound(clientId));
        clients.MapPut("/{clientId}", UpdateAsync).WithMetadata(new AuditedAttribute(Audit.AuditActions.ClientUpdated));
        clients.MapDelete("/{clientId}", DeleteAsync).WithMetadata(new AuditedAttribute(Audit.AuditActions.ClientDeleted));
    }

    private static async Task<IResult> DeleteAsync(string clientId, ClientRegistry registry, CancellationToken ct)
    {
        if (clientId == Bootstrap.AdminAppClient.ClientId)
        {
            return ServerManaged();
        }
        return await registry.DeleteAsync(clientId, ct) ? TypedResults.NoContent() : NotFound(clientId);
    }

    private static async Task<IResult> CreateAsync(ClientModel body, ClientRegistry registry, CancellationToken ct)
    {
        Normalize(body);
        var errors = ClientModelRules.Check(body);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }
        if (await registry.ExistsAsync(body.ClientId, ct))
        {
            return Problems.Conflict($"The client '{body.ClientId}' exists already in this tenant.");
        }
        var created = await registry.CreateAsync(body, secret: null, ct);
        return TypedResults.Created($"clients/{created.ClientId}", created);
    }

    private static async Task<IResult> UpdateAsync(string clientId, ClientModel body, ClientRegistry registry, CancellationToken ct)
    {
        if (clientId == Bootstrap.AdminAppClient.ClientId)
        {
            return ServerManaged();
        }
        Normalize(body);
        var existing = await registry.FindAsync(clientId, ct);
        if (existing is null)
        {
            return NotFound(clientId);
        }
        body.ClientId = clientId;
        body.Type = existing.Type;
        var errors = ClientModelRules.Check(body);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }
        return TypedResults.Ok(await registry.UpdateAsync(clientId, body, ct));
    }

    private static async Task<IResult> ListAsync(HttpRequest request, ClientRegistry registry, CancellationToken ct)
    {
        if (!Paging.TryRead(request, out var paging, out var error))
        {
            return Problems.BadRequest(error!);
        }
        var (items, total) = await registry.ListAsync(paging.Page, paging.PageSize, ct);
        return TypedResults.Ok(new Page<ClientModel>(items, total));
    }

    // JSON nulls for lists mean empty lists; the secret is never taken from a request.
    private static void Normalize(ClientModel body)
    {
        body.RedirectUris ??= [];
        body.PostLogoutRedirectUris ??= [];
        body.GrantTypes ??= [];
        body.Scopes ??= [];
        body.Type ??= ClientTypes.Confidential;
        body.Consent ??= ConsentTypes.Implicit;
        body.ClientId ??= "";
        body.ClientSecret = null;
    }

    // The admin app signs the tenant's admins in with this client: changed or deleted, it would lock them out.
    private static IResult ServerManaged() => Problems.Conflict(
        $"The '{Bootstrap.AdminAppClient.ClientId}' client is managed by the server (the admin app signs this tenant's admins in with it); it cannot be changed or deleted.");

    private static IResult NotFound(string clientId) => Problems.NotFound($"There is no client '{clientId}' in this tenant.");
}
