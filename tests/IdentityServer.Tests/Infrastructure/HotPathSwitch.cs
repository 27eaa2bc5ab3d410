namespace IdentityServer.Tests.Infrastructure;

/// <summary>
/// Whether the servers of this test run have the hot path on (HotPath__Enabled, read by the server
/// from the environment): test.sh runs the protocol tests once more with it off. Write counts and
/// other figures the hot path buys are asserted only with it on; behaviour is asserted both ways.
/// </summary>
public static class HotPathSwitch
{
    public static bool Enabled =>
        !string.Equals(Environment.GetEnvironmentVariable("HotPath__Enabled")?.Trim(), "false", StringComparison.OrdinalIgnoreCase);
}
