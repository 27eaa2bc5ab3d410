namespace IdentityServer.Messaging;

/// <summary>
/// The SMS provider's circuit breaker (SPEC 4.1): after <see cref="Failures"/> transient failures in a
/// row it opens for <see cref="OpenFor"/>; while open, starts answer 503 temporarily_unavailable for
/// every phone alike and the queue holds its messages. One per node: each node learns of an outage itself.
/// </summary>
internal sealed class SmsCircuit(TimeProvider time)
{
    public const int Failures = 5;
    public static readonly TimeSpan OpenFor = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private int _failures;
    private DateTimeOffset _openUntil = DateTimeOffset.MinValue;

    /// <summary>Whole seconds until the circuit closes; null while it is closed.</summary>
    public int? RetryAfter
    {
        get
        {
            lock (_gate)
            {
                var left = _openUntil - time.GetUtcNow();
                return left > TimeSpan.Zero ? (int)Math.Ceiling(left.TotalSeconds) : null;
            }
        }
    }

    public void Succeeded()
    {
        lock (_gate)
        {
            _failures = 0;
        }
    }

    public void Failed()
    {
        lock (_gate)
        {
            if (++_failures >= Failures)
            {
                _openUntil = time.GetUtcNow() + OpenFor;
                _failures = 0;
            }
        }
    }
}
