using System.Diagnostics;
using IdentityServer.Tests.Infrastructure;

namespace IdentityServer.Tests.Deploy;

/// <summary>
/// Issue 14 point 6: no container engine or cluster runs here, so the deploy files are validated:
/// Debian's docker-compose parses both compose files, and every Kubernetes manifest passes the
/// Kubernetes schema check of deploy/validate (the kubernetes-models package, installed with npm ci).
/// </summary>
public sealed class DeployFilesTests
{
    private static readonly string Deploy = Path.Combine(Repository.Root, "deploy");

    [Theory]
    [InlineData("docker-compose.yml", "sqlserver")]
    [InlineData("docker-compose.postgres.yml", "postgres")]
    public async Task ComposeFile_Parses_WithTwoServerNodesBehindTheProxy(string file, string database)
    {
        var env = new Dictionary<string, string>();
        foreach (var key in new[] { "SQLSERVER_PASSWORD", "POSTGRES_PASSWORD", "REDIS_PASSWORD", "ADMIN_EMAIL", "ADMIN_PASSWORD", "AUTOMATION_SECRET",
                     "DATAPROTECTION_PASSWORD", "VONAGE_API_KEY", "VONAGE_API_SECRET", "SMTP_HOST" })
        {
            env[key] = "test-value";
        }
        var (exit, output) = await RunAsync("docker-compose", ["-f", file, "config"], Path.Combine(Deploy, "compose"), env);
        Assert.True(exit == 0, output);
        foreach (var service in new[] { "migrate:", "server-1:", "server-2:", "admin:", "proxy:", "redis:", database + ":" })
        {
            Assert.Contains("  " + service, output);
        }
        Assert.Matches("Database__MigrateOnly: ['\"]true['\"]", output);
    }

    [Fact]
    public async Task ComposeFile_WithoutItsSecrets_IsRefused()
    {
        var (exit, output) = await RunAsync("docker-compose", ["-f", "docker-compose.yml", "config"], Path.Combine(Deploy, "compose"), []);
        Assert.NotEqual(0, exit);
        Assert.Contains("set ", output);
    }

    [Fact]
    public async Task KubernetesManifests_PassTheSchemaCheck()
    {
        var validate = Path.Combine(Deploy, "validate");
        if (!File.Exists(Path.Combine(validate, "node_modules", "kubernetes-models", "package.json")))
        {
            var (installed, log) = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], validate, []);
            Assert.True(installed == 0, log);
        }
        var (exit, output) = await RunAsync("node", ["validate.mjs"], validate, []);
        Assert.True(exit == 0, output);
        foreach (var kind in new[] { "Deployment identity-server", "Service identity-server", "HorizontalPodAutoscaler identity-server",
                     "PodDisruptionBudget identity-server", "Job identity-migrate", "ConfigMap identity-server", "Secret identity-server",
                     "Deployment identity-admin" })
        {
            Assert.Contains(kind, output);
        }
    }

    [Fact]
    public async Task SchemaCheck_RefusesABrokenManifest()
    {
        var folder = Directory.CreateTempSubdirectory("idp-k8s-").FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "broken.yaml"),
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec:\n  replicas: three\n  selector: {matchLabels: {a: b}}\n  template: {metadata: {labels: {a: b}}, spec: {containers: []}}\n");
        var validate = Path.Combine(Deploy, "validate");
        if (!File.Exists(Path.Combine(validate, "node_modules", "kubernetes-models", "package.json")))
        {
            await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], validate, []);
        }
        var (exit, output) = await RunAsync("node", ["validate.mjs", folder], validate, []);
        Assert.NotEqual(0, exit);
        Assert.Contains("replicas", output);
    }

    private static async Task<(int Exit, string Output)> RunAsync(string command, string[] args, string directory, Dictionary<string, string> env)
    {
        var start = new ProcessStartInfo(command, args) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (key, value) in env)
        {
            start.Environment[key] = value;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
