using IdentityPlatform.Shared.Phones;
using IdentityServer.Data;

namespace IdentityServer.Audit;

/// <summary>
/// Who did it, in one format for sign-ins and admin changes (issue 15 point 4): a user by their
/// email, a user without one by their masked phone, an app as <c>client:{client_id}</c>, the
/// server itself as <c>system:{part}</c>. The target column keeps the exact <c>user:{id}</c>.
/// </summary>
internal static class AuditActor
{
    public static string Of(PlatformUser user) => For(user.Email, user.PhoneNumber, user.Id);

    public static string For(string? email, string? phone, string userId) =>
        !string.IsNullOrEmpty(email) ? email.ToLowerInvariant()
        : !string.IsNullOrEmpty(phone) ? PhoneMask.Mask(phone)
        : "user:" + userId;

    public static string Client(string clientId) => "client:" + clientId;
}
