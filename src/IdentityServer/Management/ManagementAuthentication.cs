using System.Text.RegularExpressions;
using IdentityServer.Data;
using IdentityServer.Keys;
using IdentityServer.Tenancy;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace IdentityServer.Management;

/// <summary>
/// Bearer tokens for /api/v1: access tokens (typ at+jwt) signed by the key ring and issued by
/// an active tenant of this server ({origin}/t/{tenant}); the tenant is read from the issuer.
/// </summary>
internal sealed partial class ManagementAuthentication(
    KeyRing keys, TenantDirectory tenants, TenantIssuer issuer, ManagementUserStatus users, TimeProvider time)
    : IConfigureNamedOptions<JwtBearerOptions>
{
    public const string Scheme = "management";

    [GeneratedRegex("^https?://[^/]+/t/([a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?)$")]
    private static partial Regex IssuerPattern();

    public void Configure(string? name, JwtBearerOptions options)
    {
        if (name != Scheme)
        {
            return;
        }
        options.MapInboundClaims = false;
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidTypes = ["at+jwt"],
            ValidateAudience = false,
            IssuerValidator = (iss, _, _) => IssuerPattern().IsMatch(iss) ? iss
                : throw new SecurityTokenInvalidIssuerException("The token was not issued by a tenant of this server."),
            // SPEC 9: only the issuing tenant's published keys (a revoked key's tokens are refused).
            IssuerSigningKeyResolver = (_, token, _, _) =>
                token is Microsoft.IdentityModel.JsonWebTokens.JsonWebToken { Issuer: var iss } && IssuerPattern().Match(iss) is { Success: true } m
                    ? keys.Published(m.Groups[1].Value).Select(k => k.Key!) : [],
            // Lifetimes are read from the server's TimeProvider, like every other expiry.
            LifetimeValidator = (notBefore, expires, _, _) => ValidLifetime(notBefore, expires, time.GetUtcNow().UtcDateTime),
            NameClaimType = "name",
            RoleClaimType = "role",
        };
        options.Events = new JwtBearerEvents { OnMessageReceived = LoadUnknownKeyAsync, OnTokenValidated = ValidateTenantAsync };
    }

    public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);

    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(1);

    private static bool ValidLifetime(DateTime? notBefore, DateTime? expires, DateTime now) =>
        expires is not null && expires.Value > now - Skew && (notBefore is null || notBefore.Value <= now + Skew);

    // A token signed by a key another node made a moment ago: this node loads it first (SPEC 9).
    private async Task LoadUnknownKeyAsync(MessageReceivedContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                await keys.ReloadIfUnknownAsync(new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(header[7..].Trim()).Kid, context.HttpContext.RequestAborted);
            }
            catch (ArgumentException)
            {
                // Not a JWT: the handler refuses it next.
            }
        }
    }

    // The issuer must be this server's origin and an active tenant.
    private async Task ValidateTenantAsync(TokenValidatedContext context)
    {
        var iss = context.Principal?.FindFirst("iss")?.Value ?? "";
        var slug = IssuerPattern().Match(iss).Groups[1].Value;
        var tenant = await tenants.FindAsync(slug, context.HttpContext.RequestAborted);
        if (tenant is null || tenant.Status != TenantStatus.Active || iss != issuer.For(context.Request, slug))
        {
            context.Fail("The token's issuer is not an active tenant of this server.");
            return;
        }
        var identity = context.Principal!.Identities.First();
        identity.AddClaim(new System.Security.Claims.Claim(ManagementCaller.TenantClaim, slug));
        if (ManagementCaller.From(context.Principal) is not { IsUser: true } caller)
        {
            // A client's token (client_credentials) is good while the client exists: the token endpoint checked it.
            return;
        }
        // Issue 12 point 15: the user as they are now (within the recheck interval), not as the token says.
        var current = await users.CurrentAsync(tenant.Id, caller.Subject, context.HttpContext.RequestAborted);
        if (current is null)
        {
            context.Fail("The token's user is disabled or no longer exists.");
            return;
        }
        foreach (var claim in identity.FindAll("role").ToList())
        {
            identity.RemoveClaim(claim);
        }
        foreach (var role in current.Roles)
        {
            identity.AddClaim(new System.Security.Claims.Claim("role", role));
        }
        identity.AddClaim(new System.Security.Claims.Claim(ManagementCaller.ActorClaim, current.Actor));
    }
}
