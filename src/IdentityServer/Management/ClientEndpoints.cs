using IdentityServer.Oidc;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IdentityServer.Management;

internal static class ClientEndpoints
{
    public static void MapClients(this RouteGroupBuilder tenant)
    {
        var clients = tenant.MapGroup("/clients");
        clients.MapPost("", CreateAsync).Audited(Audit.AuditActions.ClientCreated);
        clients.MapGet("", ListAsync);
        clients.MapGet("/{clientId}", ReadAsync);
        clients.MapPut("/{clientId}", UpdateAsync).Audited(Audit.AuditActions.ClientUpdated);
        clients.MapDelete("/{clientId}", DeleteAsync).Audited(Audit.AuditActions.ClientDeleted);
    }

    private static async Task<Results<Ok<ClientModel>, NotFoundProblem>> ReadAsync(string clientId, ClientRegistry registry, CancellationToken ct) =>
        await registry.FindAsync(clientId, ct) is { } client ? TypedResults.Ok(client) : NotFound(clientId);

    private static async Task<Results<NoContent, NotFoundProblem, ConflictProblem>> DeleteAsync(string clientId, ClientRegistry registry,
        AuditTrail trail, CancellationToken ct)
    {
        if (clientId == ITenantProvisioning.ManagedClientId)
        {
            return ServerManaged();
        }
        trail.On(Audit.AuditActor.Client(clientId)).WasBefore(await registry.FindAsync(clientId, ct));
        return await registry.DeleteAsync(clientId, ct) ? TypedResults.NoContent() : NotFound(clientId);
    }

    // The body was checked and normalised by ClientBodyRules (the group's validation).
    private static async Task<Results<Created<ClientModel>, ConflictProblem>> CreateAsync(ClientModel body, ClientRegistry registry,
        AuditTrail trail, CancellationToken ct)
    {
        if (await registry.ExistsAsync(body.ClientId, ct))
        {
            return Problems.Conflict($"The client '{body.ClientId}' exists already in this tenant.");
        }
        var created = await registry.CreateAsync(body, secret: null, ct);
        // The snapshot hides the secret shown once in this answer.
        trail.On(Audit.AuditActor.Client(created.ClientId)).IsAfter(created);
        return TypedResults.Created($"clients/{created.ClientId}", created);
    }

    private static async Task<Results<Ok<ClientModel>, NotFoundProblem, ConflictProblem>> UpdateAsync(string clientId, ClientModel body,
        ClientRegistry registry, AuditTrail trail, CancellationToken ct)
    {
        if (clientId == ITenantProvisioning.ManagedClientId)
        {
            return ServerManaged();
        }
        var existing = await registry.FindAsync(clientId, ct);
        if (existing is null)
        {
            return NotFound(clientId);
        }
        trail.On(Audit.AuditActor.Client(clientId)).WasBefore(existing);
        var updated = await registry.UpdateAsync(clientId, body, ct);
        trail.IsAfter(updated);
        return TypedResults.Ok(updated);
    }

    private static async Task<Results<Ok<Page<ClientModel>>, BadRequestProblem>> ListAsync([AsParameters] PageQuery query,
        ClientRegistry registry, CancellationToken ct)
    {
        if (query.Paging() is not { } paging)
        {
            return Problems.BadRequest(Paging.Error);
        }
        var (items, total) = await registry.ListAsync(paging.Page, paging.PageSize, ct);
        return TypedResults.Ok(new Page<ClientModel>(items, total));
    }

    // The admin app signs the tenant's admins in with this client: changed or deleted, it would lock them out.
    private static ConflictProblem ServerManaged() => Problems.Conflict(
        $"The '{ITenantProvisioning.ManagedClientId}' client is managed by the server (the admin app signs this tenant's admins in with it); it cannot be changed or deleted.");

    private static NotFoundProblem NotFound(string clientId) => Problems.NotFound($"There is no client '{clientId}' in this tenant.");
}
