using System.Diagnostics;
using Npgsql;

namespace IdentityServer.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL server from Debian's package, started once per test run on 127.0.0.1 in a temp
/// folder (as the postgres account when the tests run as root) and stopped when the run ends.
/// IDP_TEST_POSTGRES points at an existing server instead. Each caller gets its own database.
/// </summary>
public static class PostgresServer
{
    private static readonly Lazy<Task<string>> Server = new(StartAsync);

    public static async Task<string> CreateDatabaseAsync()
    {
        var admin = await Server.Value;
        var name = "idp_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using (var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection))
        {
            await command.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    private static async Task<string> StartAsync()
    {
        if (Environment.GetEnvironmentVariable("IDP_TEST_POSTGRES") is { Length: > 0 } existing)
        {
            return existing;
        }
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb"))).OrderBy(b => b).LastOrDefault()
            : null;
        if (bin is null)
        {
            throw new InvalidOperationException("PostgreSQL is not installed: run ./test.sh (it installs Debian's postgresql) or apt-get install postgresql.");
        }
        var dir = Directory.CreateTempSubdirectory("idp-pg-").FullName;
        var port = FreePort.OnLoopback();
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            await RunAsync("chown", "-R", "postgres:postgres", dir);
        }
        await RunPgAsync(asRoot, Path.Combine(bin, "initdb"), "-D", $"{dir}/data", "-U", "postgres", "-A", "trust", "--no-sync");
        await RunPgAsync(asRoot, Path.Combine(bin, "pg_ctl"), "-D", $"{dir}/data", "-l", $"{dir}/log", "-w", "-o",
            $"-c listen_addresses=127.0.0.1 -p {port} -k {dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300", "start");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(asRoot, bin, dir);
        return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=50";
    }

    private static void Stop(bool asRoot, string bin, string dir)
    {
        var info = new ProcessStartInfo(asRoot ? "runuser" : Path.Combine(bin, "pg_ctl")) { UseShellExecute = false };
        string[] args = ["-D", $"{dir}/data", "-m", "immediate", "stop"];
        foreach (var a in asRoot ? ["-u", "postgres", "--", Path.Combine(bin, "pg_ctl"), .. args] : args)
        {
            info.ArgumentList.Add(a);
        }
        using var process = Process.Start(info);
        process?.WaitForExit(10_000);
        try
        {
            Directory.Delete(dir, true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
        catch (UnauthorizedAccessException)
        {
            // Owned by postgres; left for the OS to clean.
        }
    }

    private static Task RunPgAsync(bool asRoot, string exe, params string[] args) =>
        asRoot ? RunAsync("runuser", ["-u", "postgres", "--", exe, .. args]) : RunAsync(exe, args);

    private static async Task RunAsync(string exe, params string[] args)
    {
        var info = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{exe} {string.Join(' ', args)} failed ({process.ExitCode}): {await output} {await error}");
        }
    }
}
