using OpenIddict.Abstractions;

namespace IdentityServer.Protocol;

/// <summary>
/// A grant of the token endpoint, registered as a keyed service under its grant_type. The token
/// endpoint opens the request's unit of work (Data/UnitOfWork) before calling it and turns the
/// outcome into the response; the grant queues its rows and never writes the response itself.
/// </summary>
internal interface ITokenGrant
{
    Task<GrantOutcome> HandleAsync(OpenIddictRequest request, CancellationToken ct);
}
