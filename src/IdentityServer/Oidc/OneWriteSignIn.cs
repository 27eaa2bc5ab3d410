namespace IdentityServer.Oidc;

/// <summary>
/// The rows a token response writes (the redeemed code or refresh token, the new refresh token,
/// an ad-hoc authorization, and whatever the grant queued before: a signed-up user, audit events)
/// are saved in one transaction just before the response, instead of one each. While
/// <see cref="Deferring"/> is on, the OpenIddict stores add and update entities without saving.
/// </summary>
public sealed class OneWriteSignIn
{
    /// <summary>On from the start of OpenIddict's sign-in processing at the token endpoint until its one save.</summary>
    public bool Deferring { get; set; }
}
