using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IdentityServer.Tests.Infrastructure;
using MimeKit;
using Npgsql;

namespace IdentityServer.Tests.Fleet;

/// <summary>
/// A fleet: <see cref="NodeCount"/> server processes on one PostgreSQL database (and one Redis when
/// <see cref="WithRedis"/>), behind the <see cref="RoundRobin"/> of the tests. Tenant "fleet" has SMS
/// sign-in with sign-up and a required second factor (TOTP, recovery codes, email codes); client
/// "mobile" (SMS and MFA grants, refresh), "web" (code + PKCE, refresh) and "svc" (client_credentials).
/// Each node writes its own SMS and mail outbox; the test reads them all.
/// </summary>
public abstract partial class FleetFixture : IAsyncLifetime
{
    public const string Tenant = "fleet";
    public const string SmsGrant = "urn:identity-platform:grant-type:sms-otp";
    public const string MfaGrant = "urn:identity-platform:grant-type:mfa-otp";
    public const string RedirectUri = "https://app.example/cb";

    private readonly string _dir = Directory.CreateTempSubdirectory("idp-fleet-").FullName;
    private readonly List<ServerNode> _nodes = [];

    protected abstract int NodeCount { get; }

    protected abstract bool WithRedis { get; }

    public IReadOnlyList<ServerNode> Nodes => _nodes;

    public RedisServer? Redis { get; private set; }

    public string ConnectionString { get; private set; } = "";

    public Dictionary<string, string> Secrets { get; } = new();

    /// <summary>The fleet's public origin: no node listens there; the round robin sends each request to a node.</summary>
    public Uri Origin { get; } = new($"http://127.0.0.1:{FreePort.OnLoopback()}");

    public Api Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        ConnectionString = await PostgresServer.CreateDatabaseAsync();
        var settings = new Dictionary<string, string>
        {
            ["Database__Provider"] = "PostgreSql",
            ["ConnectionStrings__Identity"] = ConnectionString,
            ["Bootstrap__AdminEmail"] = ServerFactory.AdminEmail,
            ["Bootstrap__AdminPassword"] = ServerFactory.AdminPassword,
            ["Bootstrap__AutomationClientSecret"] = ServerFactory.AutomationSecret,
            ["Bootstrap__SeedDemo"] = "false",
            ["PublicOrigin__Url"] = Origin.ToString(),
            ["Sms__Limits__PerIpPerHour"] = "100000",
            ["Email__Limits__PerIpPerHour"] = "100000",
        };
        Configure(settings);
        if (WithRedis)
        {
            Redis = await RedisServer.StartAsync();
            settings["Redis__Configuration"] = Redis.Configuration;
        }
        // The first node migrates and seeds; the others start together on the ready database.
        _nodes.Add(await ServerNode.StartAsync("node1", _dir, settings));
        _nodes.AddRange(await Task.WhenAll(Enumerable.Range(2, NodeCount - 1).Select(i => ServerNode.StartAsync($"node{i}", _dir, settings))));
        Api = new Api(Client());
        await SetUpTenantAsync();
    }

    /// <summary>Settings of this fleet's nodes beyond the common ones.</summary>
    protected virtual void Configure(Dictionary<string, string> settings)
    {
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
        if (Redis is not null)
        {
            await Redis.DisposeAsync();
        }
        try
        {
            Directory.Delete(_dir, true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
    }

    /// <summary>A client of the fleet through its own round robin (and its own cookie jar when asked).</summary>
    public HttpClient Client(bool cookies = false) => Client(out _, cookies);

    public HttpClient Client(out RoundRobin balancer, bool cookies = false)
    {
        balancer = new RoundRobin(_nodes, new HttpClientHandler { AllowAutoRedirect = false, UseCookies = cookies, CookieContainer = new CookieContainer() });
        return new HttpClient(balancer) { BaseAddress = Origin, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>A client of one node only.</summary>
    public static Api At(ServerNode node) => new(node.Client());

    public Task<HttpResponseMessage> SmsStartAsync(HttpClient http, string phone) =>
        http.PostAsync($"/t/{Tenant}/connect/sms/start", Form(("client_id", "mobile"), ("client_secret", Secrets["mobile"]), ("phone_number", phone)));

    public Task<HttpResponseMessage> SmsGrantAsync(HttpClient http, string otpId, string code) =>
        http.PostAsync($"/t/{Tenant}/connect/token", Form(("grant_type", SmsGrant), ("otp_id", otpId), ("code", code),
            ("client_id", "mobile"), ("client_secret", Secrets["mobile"]), ("scope", "openid phone offline_access")));

    public Task<HttpResponseMessage> MobilePostAsync(HttpClient http, string path, params (string, string)[] form) =>
        http.PostAsync($"/t/{Tenant}/{path}", Form([("client_id", "mobile"), ("client_secret", Secrets["mobile"]), .. form]));

    public static FormUrlEncodedContent Form(params (string Key, string Value)[] form) =>
        new(form.Select(f => KeyValuePair.Create(f.Key, f.Value)));

    /// <summary>The codes of the SMS sent to the phone so far, by any node, waiting until there are at least <paramref name="count"/>.</summary>
    public async Task<IReadOnlyList<string>> SmsCodesAsync(string phone, int count = 1)
    {
        return await WaitForAsync(() =>
        {
            var codes = new List<string>();
            foreach (var file in Directory.GetFiles(_dir, "sms-*.jsonl"))
            {
                foreach (var line in ReadShared(file).Split('\n').Where(l => l.Trim().StartsWith('{') && l.Trim().EndsWith('}')))
                {
                    var message = JsonNode.Parse(line)!;
                    if (message["to"]!.GetValue<string>() == phone)
                    {
                        codes.Add(WebOtpLine().Match(message["text"]!.GetValue<string>()).Groups[1].Value);
                    }
                }
            }
            return codes.Count >= count ? codes : null;
        }, $"{count} SMS to {phone}");
    }

    /// <summary>The codes of the mails sent to the address so far, by any node, waiting until there are at least <paramref name="count"/>.</summary>
    public async Task<IReadOnlyList<string>> MailCodesAsync(string address, int count = 1)
    {
        return await WaitForAsync(() =>
        {
            var codes = Directory.GetDirectories(_dir, "mail-*").SelectMany(d => Directory.GetFiles(d, "*.eml"))
                .Select(Load).Where(m => m is not null && m.To.Mailboxes.Any(b => b.Address == address))
                .Select(m => MailCode().Match(m!.TextBody ?? "").Groups[1].Value).ToList();
            return codes.Count >= count ? codes : null;
        }, $"{count} mails to {address}");
    }

    /// <summary>Runs SQL on the fleet's database (arranging what no API sets, such as a user's email-code opt-in).</summary>
    public async Task<int> ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return await command.ExecuteNonQueryAsync();
    }

    public static async Task<T> WaitForAsync<T>(Func<T?> probe, string what, int seconds = 20)
        where T : class
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            if (probe() is { } found)
            {
                return found;
            }
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(seconds), $"no {what} within {seconds} s");
            await Task.Delay(50);
        }
    }

    private async Task SetUpTenantAsync()
    {
        await Api.CreateTenantAsync(Tenant);
        var settings = await Api.CallOkAsync(HttpMethod.Get, $"/tenants/{Tenant}/settings");
        settings["sign_in"]!["sms"]!["enabled"] = true;
        settings["sign_in"]!["sms"]!["sign_up"] = true;
        settings["sign_in"]!["sms"]!["resend_cooldown_seconds"] = 30;
        await Api.CallOkAsync(HttpMethod.Put, $"/tenants/{Tenant}/settings", settings.ToJsonString());
        Secrets["mobile"] = (await Api.CreateClientAsync(Tenant, "mobile", [SmsGrant, MfaGrant, "refresh_token"]))!;
        Secrets["web"] = (await Api.CreateClientAsync(Tenant, "web", ["authorization_code", "refresh_token"], redirectUris: [RedirectUri]))!;
        Secrets["svc"] = (await Api.CreateClientAsync(Tenant, "svc", ["client_credentials"], scopes: ["orders"]))!;
    }

    private static string ReadShared(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static MimeMessage? Load(string path)
    {
        try
        {
            return MimeMessage.Load(path);
        }
        catch (Exception e) when (e is IOException or FormatException)
        {
            // Still being written.
            return null;
        }
    }

    [GeneratedRegex(@"#(\d{4,10})\s*$")]
    private static partial Regex WebOtpLine();

    [GeneratedRegex(@"^(\d{6,8}) is your")]
    private static partial Regex MailCode();
}

/// <summary>Three nodes, one PostgreSQL, one Redis.</summary>
public sealed class ThreeNodesWithRedis : FleetFixture
{
    protected override int NodeCount => 3;

    protected override bool WithRedis => true;
}

/// <summary>Two nodes on one PostgreSQL, no Redis: the database holds everything. Keys reload every 2 s (30 s by default).</summary>
public sealed class TwoNodesWithoutRedis : FleetFixture
{
    public static readonly TimeSpan KeyReloadInterval = TimeSpan.FromSeconds(2);

    protected override int NodeCount => 2;

    protected override bool WithRedis => false;

    protected override void Configure(Dictionary<string, string> settings) =>
        settings["Keys__ReloadInterval"] = KeyReloadInterval.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
}
