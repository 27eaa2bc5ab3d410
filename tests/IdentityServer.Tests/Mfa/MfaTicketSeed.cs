using IdentityServer.Data;
using IdentityServer.Mfa;
using IdentityServer.Tenancy;
using IdentityServer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityServer.Tests.Mfa;

/// <summary>
/// Fresh mfa_tokens for one user, issued by the server's own MfaTicketStore as a sign-in's first factor
/// would (the hosted password page does exactly this): the attacker of issue 12.1 gets one per sign-in.
/// </summary>
internal static class MfaTicketSeed
{
    public static async Task<List<string>> IssueAsync(ServerFactory factory, string tenant, string userId, string clientId,
        int count, string firstFactor = "sms", string methods = "totp recovery_code")
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(await db.Tenants.SingleAsync(t => t.Id == tenant));
        var store = scope.ServiceProvider.GetRequiredService<MfaTicketStore>();
        var tokens = new List<string>();
        for (var i = 0; i < count; i++)
        {
            tokens.Add(await store.IssueAsync(new MfaTicket
            {
                ClientId = clientId,
                UserId = userId,
                FirstFactor = firstFactor,
                Methods = methods,
                Scopes = "openid",
            }, CancellationToken.None));
        }
        return tokens;
    }
}
