using IdentityServer.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace IdentityServer.Oidc;

/// <summary>connect/userinfo: the claims the access token's scopes allow, read fresh from the user.</summary>
internal static class UserInfoEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext http, UserManager<PlatformUser> users)
    {
        var result = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        var principal = result.Principal;
        var subject = principal?.GetClaim(Claims.Subject);
        var user = subject is null ? null : await users.FindByIdAsync(subject);
        if (user is null || user.Disabled)
        {
            return Results.Challenge(new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.InvalidToken,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "The access token does not belong to an active user.",
            }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }
        principal ??= new System.Security.Claims.ClaimsPrincipal();
        var claims = new Dictionary<string, object>(StringComparer.Ordinal) { [Claims.Subject] = user.Id };
        if (principal!.HasScope(Scopes.Profile))
        {
            AddIfSet(claims, Claims.GivenName, user.GivenName);
            AddIfSet(claims, Claims.FamilyName, user.FamilyName);
            AddIfSet(claims, Claims.Name, $"{user.GivenName} {user.FamilyName}".Trim());
            AddIfSet(claims, Claims.PreferredUsername, user.Email ?? user.PhoneNumber);
        }
        if (principal.HasScope(Scopes.Email) && user.Email is not null)
        {
            claims[Claims.Email] = user.Email;
            claims[Claims.EmailVerified] = user.EmailConfirmed;
        }
        if (principal.HasScope(Scopes.Phone) && user.PhoneNumber is not null)
        {
            claims[Claims.PhoneNumber] = user.PhoneNumber;
            claims[Claims.PhoneNumberVerified] = user.PhoneNumberConfirmed;
        }
        if (principal.HasScope(Scopes.Roles))
        {
            claims[Claims.Role] = user.RoleList;
        }
        return Results.Ok(claims);
    }

    private static void AddIfSet(Dictionary<string, object> claims, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            claims[name] = value;
        }
    }
}
