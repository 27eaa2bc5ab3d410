namespace IdentityServer.Operations;

/// <summary>
/// One entry of the OAuth error catalogue (<see cref="OAuthErrors"/>): a stable id (IDP + four
/// digits, never reused), the RFC 6749 error code, the description the client sees and the HTTP status.
/// </summary>
internal sealed record OAuthError(string Id, string Error, string Description, int Status = 400);
