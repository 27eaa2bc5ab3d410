using System.Diagnostics;
using IdentityServer.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityServer.Tests.Infrastructure;

/// <summary>
/// Messages leave through the durable send queue (SPEC 4.1): a test reading an outbox first waits
/// until the server's queue holds nothing due (what is due was handed to the provider; a row in its
/// retry backoff is not due until the clock moves).
/// </summary>
public static class SendQueueDrain
{
    public static void Wait(ServerFactory factory, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        var limit = timeout ?? TimeSpan.FromSeconds(15);
        while (Pending(factory) > 0 && clock.Elapsed < limit)
        {
            Thread.Sleep(15);
        }
    }

    /// <summary>How many queued messages are due now on the server's clock (claimed ones included, until they are done).</summary>
    public static int Pending(ServerFactory factory)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
        return db.OutgoingMessages.Count(m => m.DueAt <= now);
    }

    /// <summary>Every queued message (due or waiting), or those of one reference (an otp_id).</summary>
    public static int Queued(ServerFactory factory, string? reference = null)
    {
        using var scope = factory.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<PlatformDbContext>().OutgoingMessages.AsNoTracking()
            .Count(m => reference == null || m.Reference == reference);
    }
}
