using System.Net;
using IdentityServer.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace IdentityServer.Tests.Management;

/// <summary>A server whose clock is the test's; HotPath:Enabled as the subclass says (the grace check holds in both modes).</summary>
public abstract class SecretRotationFixture : ServerFixture
{
    public const string Tenant = "rotate";

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));

    protected SecretRotationFixture(bool hotPath)
    {
        Factory.Time = Clock;
        Factory.Settings["HotPath:Enabled"] = hotPath ? "true" : "false";
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Api.CreateTenantAsync(Tenant);
    }
}

public sealed class SecretRotationHotPathOnFixture() : SecretRotationFixture(hotPath: true);

public sealed class SecretRotationHotPathOffFixture() : SecretRotationFixture(hotPath: false);

/// <summary>
/// SPEC 7, issue 15 point 2: POST clients/{client_id}/secret {grace_period_seconds} gives a new secret,
/// shown once; the old one is accepted for the grace period (at the token endpoint and connect/sms/start)
/// and refused after it.
/// </summary>
public abstract class ClientSecretRotationTests(SecretRotationFixture server)
{
    private const string Tenant = SecretRotationFixture.Tenant;
    private static int _clients;

    private async Task<(string ClientId, string Secret)> NewClientAsync()
    {
        var id = "svc-" + Interlocked.Increment(ref _clients);
        var secret = await server.Api.CreateClientAsync(Tenant, id, ["client_credentials"], ["orders"]);
        return (id, secret!);
    }

    private Task<HttpResponseMessage> RotateAsync(string clientId, object body) =>
        server.Api.CallAsync(HttpMethod.Post, $"/tenants/{Tenant}/clients/{clientId}/secret", body);

    private async Task<HttpStatusCode> TokenStatusAsync(string clientId, string secret) =>
        (await server.Api.ClientCredentialsResponseAsync(Tenant, clientId, secret, "orders")).StatusCode;

    [Fact]
    public async Task Rotate_OldSecretWorksWithinTheGracePeriod_AndIsRefusedAfter()
    {
        var (id, old) = await NewClientAsync();
        var response = await RotateAsync(id, new { grace_period_seconds = 3600 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
        var body = await Api.ReadJsonAsync(response);
        var fresh = body["client_secret"]!.GetValue<string>();
        Assert.True(fresh.Length >= 43 && fresh != old);
        Assert.Equal(server.Clock.GetUtcNow().AddHours(1), body["previous_secret_expires_at"]!.GetValue<DateTimeOffset>());

        Assert.Equal(HttpStatusCode.OK, await TokenStatusAsync(id, fresh));
        Assert.Equal(HttpStatusCode.OK, await TokenStatusAsync(id, old));
        server.Clock.Advance(TimeSpan.FromSeconds(3599));
        Assert.Equal(HttpStatusCode.OK, await TokenStatusAsync(id, old));

        server.Clock.Advance(TimeSpan.FromSeconds(1));
        var refused = await server.Api.ClientCredentialsResponseAsync(Tenant, id, old, "orders");
        await Api.AssertOAuthErrorAsync(refused, "invalid_client");
        Assert.Equal(HttpStatusCode.OK, await TokenStatusAsync(id, fresh));
        // The client resource never shows a secret again.
        Assert.Null((await server.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{Tenant}/clients/{id}"))["client_secret"]);
    }

    [Fact]
    public async Task Rotate_WithZeroGrace_RefusesTheOldSecretAtOnce_AlsoAtSmsStart()
    {
        var id = "sms-" + Interlocked.Increment(ref _clients);
        var old = (await server.Api.CreateClientAsync(Tenant, id, ["urn:identity-platform:grant-type:sms-otp"]))!;
        var fresh = (await server.Api.CallOkAsync(HttpMethod.Post, $"/tenants/{Tenant}/clients/{id}/secret", new { grace_period_seconds = 0 }))["client_secret"]!.GetValue<string>();

        await Api.AssertOAuthErrorAsync(await SmsStartAsync(id, old), "invalid_client", HttpStatusCode.Unauthorized);
        // The new secret authenticates (the tenant has SMS sign-in off: access_denied, past client authentication).
        await Api.AssertOAuthErrorAsync(await SmsStartAsync(id, fresh), "access_denied");
    }

    [Fact]
    public async Task Rotate_Twice_OnlyTheSecretJustReplacedKeepsItsGrace()
    {
        var (id, first) = await NewClientAsync();
        var second = (await server.Api.CallOkAsync(HttpMethod.Post, $"/tenants/{Tenant}/clients/{id}/secret", new { grace_period_seconds = 600 }))["client_secret"]!.GetValue<string>();
        var third = (await server.Api.CallOkAsync(HttpMethod.Post, $"/tenants/{Tenant}/clients/{id}/secret", new { grace_period_seconds = 600 }))["client_secret"]!.GetValue<string>();

        await Api.AssertOAuthErrorAsync(await server.Api.ClientCredentialsResponseAsync(Tenant, id, first, "orders"), "invalid_client");
        Assert.Equal(HttpStatusCode.OK, await TokenStatusAsync(id, second));
        Assert.Equal(HttpStatusCode.OK, await TokenStatusAsync(id, third));
    }

    [Fact]
    public async Task Rotate_KeepsTheGrace_WhenTheClientIsEditedMeanwhile()
    {
        var (id, old) = await NewClientAsync();
        await server.Api.CallOkAsync(HttpMethod.Post, $"/tenants/{Tenant}/clients/{id}/secret", new { grace_period_seconds = 600 });
        await server.Api.CallOkAsync(HttpMethod.Put, $"/tenants/{Tenant}/clients/{id}", new
        {
            client_id = id,
            display_name = "Renamed",
            grant_types = new[] { "client_credentials" },
            scopes = new[] { "orders" },
        });
        Assert.Equal(HttpStatusCode.OK, await TokenStatusAsync(id, old));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"grace_period_seconds\": -1}")]
    [InlineData("{\"grace_period_seconds\": 604801}")]
    [InlineData("{\"grace_period_seconds\": null}")]
    public async Task Rotate_WithoutAValidGracePeriod_Is422NamingTheField(string body)
    {
        var (id, old) = await NewClientAsync();
        var response = await RotateAsync(id, body);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull((await Api.ReadJsonAsync(response))["errors"]!["grace_period_seconds"]);
        Assert.Equal(HttpStatusCode.OK, await TokenStatusAsync(id, old));
    }

    [Fact]
    public async Task Rotate_OfAPublicClient_UnknownClient_OrTheAdminApp_IsRefused()
    {
        var spa = "spa-" + Interlocked.Increment(ref _clients);
        await server.Api.CreateClientAsync(Tenant, spa, ["authorization_code"], type: "public", redirectUris: ["https://spa.example/cb"]);
        Assert.Equal(HttpStatusCode.Conflict, (await RotateAsync(spa, new { grace_period_seconds = 0 })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await RotateAsync("nobody", new { grace_period_seconds = 0 })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await RotateAsync("admin-app", new { grace_period_seconds = 0 })).StatusCode);
    }

    [Fact]
    public async Task Rotate_TwentyAtOnce_NeverA500_AndOneSecretSetWins()
    {
        var (id, _) = await NewClientAsync();
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => RotateAsync(id, new { grace_period_seconds = 60 })));
        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, a.StatusCode.ToString()));
        var secrets = new List<string>();
        foreach (var answer in answers.Where(a => a.StatusCode == HttpStatusCode.OK))
        {
            secrets.Add((await Api.ReadJsonAsync(answer))["client_secret"]!.GetValue<string>());
        }
        Assert.NotEmpty(secrets);
        var working = 0;
        foreach (var secret in secrets)
        {
            working += await TokenStatusAsync(id, secret) == HttpStatusCode.OK ? 1 : 0;
        }
        // The last saved secret and, at most, the one it replaced.
        Assert.InRange(working, 1, 2);
    }

    [Fact]
    public async Task Rotate_IsAudited_AndTheDatabaseHoldsNoSecret()
    {
        var (id, old) = await NewClientAsync();
        var fresh = (await server.Api.CallOkAsync(HttpMethod.Post, $"/tenants/{Tenant}/clients/{id}/secret", new { grace_period_seconds = 60 }))["client_secret"]!.GetValue<string>();
        var audit = await server.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{Tenant}/audit?action=client.secret_rotated");
        Assert.Contains(audit["items"]!.AsArray(), e => e!["target"]!.GetValue<string>() == "client:" + id);
        Assert.DoesNotContain(fresh, audit.ToJsonString());

        var database = server.Factory.Settings["ConnectionStrings:Identity"]!.Replace("Data Source=", "");
        var bytes = System.Text.Encoding.UTF8.GetString(await ReadSharedAsync(database));
        Assert.DoesNotContain(fresh, bytes);
        Assert.DoesNotContain(old, bytes);
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        var all = new List<byte>();
        foreach (var file in new[] { path, path + "-wal" }.Where(File.Exists))
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            all.AddRange(copy.ToArray());
        }
        return [.. all];
    }

    private Task<HttpResponseMessage> SmsStartAsync(string clientId, string secret) =>
        server.Api.Http.PostAsync($"/t/{Tenant}/connect/sms/start", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = clientId,
            ["client_secret"] = secret,
            ["phone_number"] = "+12025550123",
        }));
}

public sealed class ClientSecretRotationHotPathOnTests(SecretRotationHotPathOnFixture server)
    : ClientSecretRotationTests(server), IClassFixture<SecretRotationHotPathOnFixture>;

public sealed class ClientSecretRotationHotPathOffTests(SecretRotationHotPathOffFixture server)
    : ClientSecretRotationTests(server), IClassFixture<SecretRotationHotPathOffFixture>;
