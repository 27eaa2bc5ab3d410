namespace IdentityServer.Oidc;

internal static class OidcEndpoints
{
    /// <summary>The passthrough endpoints; OpenIddict validated each request before these run.</summary>
    public static IEndpointRouteBuilder MapOidcEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/connect/authorize", ["GET", "POST"], AuthorizeEndpoint.HandleAsync).ExcludeFromDescription().DisableAntiforgery();
        app.MapPost("/connect/token", (Func<HttpContext, Task<IResult>>)TokenEndpoint.HandleAsync).ExcludeFromDescription().DisableAntiforgery();
        app.MapMethods("/connect/userinfo", ["GET", "POST"], UserInfoEndpoint.HandleAsync).ExcludeFromDescription().DisableAntiforgery();
        app.MapMethods("/connect/endsession", ["GET", "POST"], (Delegate)EndSessionEndpoint.HandleAsync).ExcludeFromDescription().DisableAntiforgery();
        return app;
    }
}
