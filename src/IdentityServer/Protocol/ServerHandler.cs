using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace IdentityServer.Protocol;

/// <summary>
/// How our OpenIddict server handlers are placed: always custom, at an order relative to a built-in
/// handler; scoped when the handler uses the request's services (the database context, the unit of
/// work), a singleton when it holds no state.
/// </summary>
internal static class ServerHandler
{
    public static OpenIddictServerHandlerDescriptor Scoped<TContext, THandler>(int order)
        where TContext : BaseContext
        where THandler : class, IOpenIddictServerHandler<TContext> =>
        OpenIddictServerHandlerDescriptor.CreateBuilder<TContext>()
            .UseScopedHandler<THandler>()
            .SetOrder(order)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public static OpenIddictServerHandlerDescriptor Singleton<TContext, THandler>(int order)
        where TContext : BaseContext
        where THandler : class, IOpenIddictServerHandler<TContext> =>
        OpenIddictServerHandlerDescriptor.CreateBuilder<TContext>()
            .UseSingletonHandler<THandler>()
            .SetOrder(order)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();
}
