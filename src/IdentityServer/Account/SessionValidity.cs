using System.Globalization;
using System.Security.Claims;
using IdentityServer.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace IdentityServer.Account;

/// <summary>
/// A new password ends what the old one opened, as Auth0 and Keycloak do: every hosted-page session
/// signed in before it stops at its next request, and every refresh token and authorization of the
/// user is revoked (access tokens, stateless, run out within their lifetime). The one home of that
/// rule for every path that sets a password: the reset link, the security page (which keeps the
/// session it was changed from) and the management API.
/// </summary>
internal sealed class SessionValidity(
    PlatformDbContext db, IOpenIddictTokenManager tokens, IOpenIddictAuthorizationManager authorizations, TimeProvider time)
{
    /// <summary>Where the moment is kept: a row of Identity's user tokens (no column of its own).</summary>
    public const string Provider = "idp";

    public const string ValidFromName = "sessions_valid_from";

    /// <summary>The claim of the session cookie that says when the session was opened (Unix milliseconds, as the moment it is compared with).</summary>
    public const string SessionAtClaim = "session_at";

    /// <summary>
    /// Ends every session opened before now, drops the user's pending MFA tickets (a first step passed
    /// with the old password) and revokes the user's tokens and authorizations; returns how many
    /// tokens were revoked. Call after the new password is saved.
    /// </summary>
    public async Task<long> EndSessionsAsync(PlatformUser user, CancellationToken ct)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        // The user's row is left alone (its other columns may have been changed in the same request).
        if (await SetValidFromAsync(user.Id, now, ct) == 0)
        {
            var added = db.UserTokens.Add(new IdentityUserToken<string> { UserId = user.Id, LoginProvider = Provider, Name = ValidFromName, Value = now });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // A parallel change added the row first: set it. Anything else (a locked database) must
                // not report sessions as ended while they are not: the request fails instead.
                added.State = EntityState.Detached;
                if (await SetValidFromAsync(user.Id, now, ct) == 0)
                {
                    throw;
                }
            }
        }
        // A sign-in half done with the old password (waiting for its second factor) ends too.
        await db.MfaTickets.Where(t => t.UserId == user.Id).ExecuteDeleteAsync(ct);
        var revoked = await tokens.RevokeBySubjectAsync(user.Id, ct);
        await authorizations.RevokeBySubjectAsync(user.Id, ct);
        return revoked;
    }

    private Task<int> SetValidFromAsync(string userId, string value, CancellationToken ct) =>
        db.UserTokens.Where(t => t.UserId == userId && t.LoginProvider == Provider && t.Name == ValidFromName)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Value, value), ct);

    public static Claim SessionAt(DateTimeOffset at) =>
        new(SessionAtClaim, at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// The cookie's check on every request: the user still exists in the tenant, is not disabled, and
    /// the session was opened no earlier than the last password change. A cookie from before this
    /// check (no session_at) is taken as opened at its sign-in time (auth_time); one with neither ends.
    /// </summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        if (principal?.FindFirstValue(Claims.Subject) is not { Length: > 0 } userId)
        {
            context.RejectPrincipal();
            return;
        }
        var db = context.HttpContext.RequestServices.GetRequiredService<PlatformDbContext>();
        var state = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new
            {
                u.Disabled,
                ValidFrom = db.UserTokens.Where(t => t.UserId == u.Id && t.LoginProvider == Provider && t.Name == ValidFromName)
                    .Select(t => t.Value).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(context.HttpContext.RequestAborted);
        var openedAt = Number(principal.FindFirstValue(SessionAtClaim)) ?? Number(principal.FindFirstValue(Oidc.PlatformClaims.AuthTime)) * 1000;
        if (state is null || state.Disabled || openedAt is not { } opened || opened < (Number(state.ValidFrom) ?? long.MinValue))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(SessionScheme.Name);
        }
    }

    private static long? Number(string? value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : null;
}
