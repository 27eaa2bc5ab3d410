using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace IdentityServer.Operations;

/// <summary>A malformed request is the client's 400; anything else is logged and answered 500 without detail.</summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, "Bad request", bad.Message),
            // The form reader's limits and invalid characters (a safety net behind RequestBodyGuard).
            InvalidDataException => (400, "Bad request", "The request body is malformed."),
            Microsoft.AspNetCore.Antiforgery.AntiforgeryValidationException => (400, "Bad request", "The form has expired; reload the page and try again."),
            OperationCanceledException when http.RequestAborted.IsCancellationRequested => (499, "Client closed request", ""),
            _ => (500, "Server error", "The server could not complete the request."),
        };
        if (status == 500)
        {
            LogUnhandled(logger, exception, http.Request.Method, http.Request.Path);
        }
        http.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
