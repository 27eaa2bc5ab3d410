using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace IdentityServer.Operations;

/// <summary>
/// Issue 12 point 10, for every Razor page: a request that matches none of the page's handlers
/// (a POST to a page without one, an unknown <c>handler</c>) is refused instead of rendering the
/// page with nothing loaded (which was a 500). 405 when the page takes no request of this method,
/// 400 for an unknown handler name. Pages without handlers (static pages) render as before.
/// </summary>
internal sealed class PageHandlerGuard : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var handlers = context.ActionDescriptor.HandlerMethods;
        if (context.HandlerMethod is not null || handlers.Count == 0)
        {
            await next();
            return;
        }
        var method = context.HttpContext.Request.Method;
        var takesMethod = handlers.Any(h => string.Equals(h.HttpMethod, method, StringComparison.OrdinalIgnoreCase)
            || (HttpMethods.IsHead(method) && string.Equals(h.HttpMethod, "GET", StringComparison.OrdinalIgnoreCase)));
        var (status, description) = takesMethod
            ? (400, "This page has no such action.")
            : (405, $"This page does not take {method} requests.");
        if (status == 405)
        {
            context.HttpContext.Response.Headers.Allow = string.Join(", ", handlers.Select(h => h.HttpMethod.ToUpperInvariant()).Distinct());
        }
        // The hosted pages live under /t/{tenant}: the OAuth error shape, as RequestBodyGuard answers there.
        context.Result = new JsonResult(new Dictionary<string, string> { ["error"] = "invalid_request", ["error_description"] = description })
        {
            StatusCode = status,
        };
    }
}
