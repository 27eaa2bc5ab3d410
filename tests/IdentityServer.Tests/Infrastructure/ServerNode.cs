using System.Diagnostics;
using System.Net;

namespace IdentityServer.Tests.Infrastructure;

/// <summary>
/// One node of a fleet: the built server as its own `dotnet` process on 127.0.0.1 and a free port, with
/// its settings as environment variables (Database__Provider, Redis__Configuration, ...) and its own SMS
/// outbox file. <see cref="Kill"/> sends SIGKILL, as a crashed machine would.
/// </summary>
public sealed class ServerNode : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];
    private volatile bool _killed;

    private ServerNode(string name, Uri address, Process process, string smsOutbox)
    {
        Name = name;
        Address = address;
        _process = process;
        SmsOutboxPath = smsOutbox;
    }

    public string Name { get; }

    public Uri Address { get; }

    public string SmsOutboxPath { get; }

    public bool Alive => !_killed && !_process.HasExited;

    /// <summary>What the node wrote to its console (for a failing test's message).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output.TakeLast(60));
            }
        }
    }

    /// <summary>Starts the node and waits until /health/ready answers.</summary>
    public static async Task<ServerNode> StartAsync(string name, string dataDirectory, IReadOnlyDictionary<string, string> settings)
    {
        var port = FreePort.OnLoopback();
        var address = new Uri($"http://127.0.0.1:{port}");
        var dll = Path.Combine(AppContext.BaseDirectory, "IdentityServer.dll");
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { dll, "--contentRoot", ContentRoot(), "--urls", address.ToString() })
        {
            info.ArgumentList.Add(a);
        }
        var smsOutbox = Path.Combine(dataDirectory, $"sms-{name}.jsonl");
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["Sms__Outbox__Path"] = smsOutbox;
        info.Environment["Email__Outbox__Path"] = Path.Combine(dataDirectory, $"mail-{name}");
        info.Environment["Serilog__MinimumLevel__Default"] = "Warning";
        foreach (var (key, value) in settings)
        {
            info.Environment[key] = value;
        }
        var node = new ServerNode(name, address, Process.Start(info)!, smsOutbox);
        node._process.OutputDataReceived += (_, e) => node.Keep(e.Data);
        node._process.ErrorDataReceived += (_, e) => node.Keep(e.Data);
        node._process.BeginOutputReadLine();
        node._process.BeginErrorReadLine();
        await node.WaitReadyAsync();
        return node;
    }

    public HttpClient Client(bool cookies = false) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = cookies, CookieContainer = new CookieContainer() })
        {
            BaseAddress = Address,
            Timeout = TimeSpan.FromSeconds(30),
        };

    /// <summary>SIGKILL: no shutdown, no flush; what the node held only in memory is gone.</summary>
    public void Kill()
    {
        _killed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task WaitReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Node {Name} exited at start ({_process.ExitCode}):\n{Output}");
            }
            try
            {
                if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Busy starting.
            }
            await Task.Delay(100);
        }
        throw new InvalidOperationException($"Node {Name} was not ready within 90 s:\n{Output}");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.Add(line);
        }
    }

    // src/IdentityServer of this checkout (wwwroot and appsettings.json), found upwards from the test binaries.
    private static string ContentRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "IdentityServer");
            if (File.Exists(Path.Combine(candidate, "IdentityServer.csproj")))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException("src/IdentityServer not found above " + AppContext.BaseDirectory);
    }
}
