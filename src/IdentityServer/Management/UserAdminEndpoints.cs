using IdentityServer.Account;
using IdentityServer.Data;
using IdentityServer.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace IdentityServer.Management;

/// <summary>
/// SPEC 7: PUT users/{id}/roles {roles} (the tenant's own roles), and POST users/{id}/password-reset
/// (emails the user a link to choose a new password; 202 once the email is queued).
/// </summary>
internal static class UserAdminEndpoints
{
    public sealed record RolesRequest(List<string>? Roles);

    public sealed record ResetSent(string? SentTo);

    /// <summary>roles is required (a list, [] for none) and holds only the tenant's roles (UserModelRules).</summary>
    internal sealed class Rules(TenantContext tenant) : IBodyRules<RolesRequest>
    {
        public ValueTask<Dictionary<string, string[]>> CheckAsync(RolesRequest body, HttpContext http) =>
            ValueTask.FromResult(body?.Roles is not { } roles
                ? new Dictionary<string, string[]> { ["roles"] = ["roles is required: a list such as [\"tenant_admin\"], or [] for none."] }
                : UserModelRules.Check(new UserModel { Roles = roles }, tenant.RequiredTenantId, creating: false));
    }

    public static void MapUserAdmin(this RouteGroupBuilder tenant)
    {
        // OwnAdminAccessFilter: an admin does not remove their own admin role.
        tenant.MapPut("/users/{id}/roles", SetRolesAsync).AddEndpointFilter<OwnAdminAccessFilter>()
            .ProducesProblem(StatusCodes.Status409Conflict).Audited(Audit.AuditActions.UserRolesChanged);
        tenant.MapPost("/users/{id}/password-reset", SendPasswordResetAsync).Audited(Audit.AuditActions.UserPasswordResetSent);
    }

    // The body was checked by Rules (the group's validation).
    private static async Task<Results<Ok<UserModel>, NotFoundProblem, InvalidProblem, ConflictProblem>> SetRolesAsync(string id, RolesRequest? body,
        UserManager<PlatformUser> users, AuditTrail trail)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return NotFound(id);
        }
        trail.On("user:" + id).WasBefore(UserModel.From(user));
        user.Roles = string.Join(' ', body!.Roles!.Distinct());
        var saved = await users.UpdateAsync(user);
        if (!saved.Succeeded)
        {
            return Problems.IsConcurrencyFailure(saved) ? Problems.ChangedMeanwhile() : Problems.NotSaved(saved);
        }
        var after = UserModel.From(user);
        trail.IsAfter(after);
        return TypedResults.Ok(after);
    }

    private static async Task<Results<Accepted<ResetSent>, NotFoundProblem, ConflictProblem>> SendPasswordResetAsync(string id, HttpRequest request,
        UserManager<PlatformUser> users, PasswordResetEmail reset, AuditTrail trail, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return NotFound(id);
        }
        if (user.Disabled)
        {
            return Problems.Conflict("This user is disabled: enable them first, then send the link.");
        }
        if (!await reset.SendAsync(user, request, ct))
        {
            return Problems.Conflict("This user has no email address to send a password-reset link to. Add one first.");
        }
        var sentTo = Messaging.EmailMask.Mask(user.Email);
        trail.On("user:" + id).With("sent_to", sentTo);
        return TypedResults.Accepted((string?)null, new ResetSent(sentTo));
    }

    private static NotFoundProblem NotFound(string id) => Problems.NotFound($"There is no user '{id}' in this tenant.");
}
