using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace IdentityServer.Tests.Messaging;

/// <summary>A reply of the fake SMS API: HTTP status, body, and an optional wait before answering.</summary>
public sealed record VonageReply(int Status, string Body, TimeSpan Delay = default)
{
    public static VonageReply Accepted(string messageId = "0A0000000123ABCD1") => new(200,
        $$"""{"message-count":"1","messages":[{"to":"15555550123","message-id":"{{messageId}}","status":"0","remaining-balance":"3.14159265","message-price":"0.03330000","network":"12345"}]}""");

    public static VonageReply Refused(string status, string errorText = "Error") => new(200,
        $$"""{"message-count":"1","messages":[{"status":"{{status}}","error-text":"{{errorText}}"}]}""");
}

/// <summary>One request the fake SMS API received.</summary>
public sealed record VonageRequest(string Method, string Path, string? Authorization, string? ContentType, IReadOnlyDictionary<string, string> Form)
{
    /// <summary>The W3C trace context the caller sent, if any.</summary>
    public string? TraceParent { get; init; }
}

/// <summary>
/// Vonage's SMS API as documented (<c>POST /sms/json</c>, form in, JSON out) on a Kestrel server on
/// 127.0.0.1 and a free port, answering each call with the reply the test scripted for its index.
/// </summary>
public sealed class FakeVonage : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<VonageRequest> _requests = new();

    private FakeVonage(Func<VonageRequest, int, VonageReply> reply)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/sms/json", async (HttpContext http) =>
        {
            var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync() : null;
            var request = new VonageRequest(http.Request.Method, http.Request.Path, http.Request.Headers.Authorization.ToString(),
                http.Request.ContentType, form?.ToDictionary(f => f.Key, f => f.Value.ToString()) ?? [])
            {
                TraceParent = http.Request.Headers.TryGetValue("traceparent", out var trace) ? trace.ToString() : null,
            };
            _requests.Enqueue(request);
            var answer = reply(request, _requests.Count - 1);
            if (answer.Delay > TimeSpan.Zero)
            {
                await Task.Delay(answer.Delay, http.RequestAborted);
            }
            http.Response.StatusCode = answer.Status;
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(answer.Body);
        });
    }

    public string BaseUrl => _app.Urls.First();

    public IReadOnlyList<VonageRequest> Requests => [.. _requests];

    public static Task<FakeVonage> StartAsync(Func<int, VonageReply> reply) => StartAsync((_, i) => reply(i));

    /// <summary>Answers each call as the test decides from the request itself (for example by its "to").</summary>
    public static async Task<FakeVonage> StartAsync(Func<VonageRequest, int, VonageReply> reply)
    {
        var vonage = new FakeVonage(reply);
        await vonage._app.StartAsync();
        return vonage;
    }

    /// <summary>Answers the scripted replies in order, repeating the last one.</summary>
    public static Task<FakeVonage> StartAsync(params VonageReply[] replies) =>
        StartAsync(i => replies[Math.Min(i, replies.Length - 1)]);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
