using System.Diagnostics;
using System.Text;

namespace IdentityServer.Tests.Infrastructure;

/// <summary>
/// The built server (IdentityServer.dll) as a process of its own on 127.0.0.1, with the bootstrap
/// settings of the tests and a fresh SQLite file: for what must not share a process with other
/// servers (process-wide listeners such as OpenTelemetry's) or must run as a deployment runs it.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerProcess(Process process, Uri baseAddress, string dir)
    {
        _process = process;
        BaseAddress = baseAddress;
        DataDirectory = dir;
    }

    public Uri BaseAddress { get; }

    public string DataDirectory { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The settings (environment variable form, <c>A__B</c>) every server process of the tests gets.</summary>
    public static Dictionary<string, string> BaseEnvironment(string dir) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["Database__Provider"] = "Sqlite",
        ["ConnectionStrings__Identity"] = $"Data Source={Path.Combine(dir, "identity.db")}",
        ["Bootstrap__AdminEmail"] = ServerFactory.AdminEmail,
        ["Bootstrap__AdminPassword"] = ServerFactory.AdminPassword,
        ["Bootstrap__AutomationClientSecret"] = ServerFactory.AutomationSecret,
        ["Sms__Outbox__Path"] = Path.Combine(dir, "sms-outbox.jsonl"),
        ["Email__Outbox__Path"] = Path.Combine(dir, "mail-outbox"),
        ["Serilog__MinimumLevel__Default"] = "Warning",
    };

    /// <summary>Starts the server with <paramref name="settings"/> over the base ones; returns once /health/ready answers.</summary>
    public static async Task<ServerProcess> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        var dir = Directory.CreateTempSubdirectory("idp-process-").FullName;
        var port = FreePort.OnLoopback();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "IdentityServer.dll")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var (key, value) in BaseEnvironment(dir).Concat(settings))
        {
            start.Environment[key] = value;
        }
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        var server = new ServerProcess(new Process { StartInfo = start }, new Uri($"http://127.0.0.1:{port}"), dir);
        server._process.OutputDataReceived += (_, e) => server.Append(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        server._process.Start();
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (server._process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with {server._process.ExitCode}: {server.Output}");
            }
            try
            {
                if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet, or still starting on a busy machine.
            }
            await Task.Delay(100);
        }
        await server.DisposeAsync();
        throw new TimeoutException("The server did not become ready within 90 s: " + server.Output);
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // The OS cleans temp folders.
        }
    }
}
