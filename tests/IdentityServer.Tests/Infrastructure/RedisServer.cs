using System.Diagnostics;
using System.Net.Sockets;

namespace IdentityServer.Tests.Infrastructure;

/// <summary>
/// A Redis from Debian's redis-server package on 127.0.0.1 and a free port, in a temp folder, with no
/// persistence; one per caller, so a test may kill it (SIGKILL) and start it again on the same port.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("idp-redis-").FullName;
    private Process? _process;

    private RedisServer(int port) => Port = port;

    public int Port { get; }

    /// <summary>The Redis__Configuration value of the nodes.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        var server = new RedisServer(FreePort.OnLoopback());
        await server.RestartAsync();
        return server;
    }

    /// <summary>Starts it (again, empty) on the same port and waits until it accepts connections.</summary>
    public async Task RestartAsync()
    {
        const string exe = "/usr/bin/redis-server";
        if (!File.Exists(exe))
        {
            throw new InvalidOperationException("redis-server is not installed: run ./test.sh (it installs Debian's redis-server) or apt-get install redis-server.");
        }
        var info = new ProcessStartInfo(exe) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _dir };
        foreach (var a in new[] { "--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", _dir, "--protected-mode", "yes" })
        {
            info.ArgumentList.Add(a);
        }
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(15))
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        throw new InvalidOperationException($"redis-server did not listen on {Port} within 15 s.");
    }

    /// <summary>SIGKILL: the connections drop at once and everything it held is gone.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            process.WaitForExit(5_000);
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process?.Dispose();
        try
        {
            Directory.Delete(_dir, true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
        return ValueTask.CompletedTask;
    }
}
