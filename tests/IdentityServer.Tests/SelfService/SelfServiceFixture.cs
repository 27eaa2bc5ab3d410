using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IdentityServer.Tests.Infrastructure;

namespace IdentityServer.Tests.SelfService;

/// <summary>
/// Kestrel on 127.0.0.1 (real client IPs, and a real browser can use it) with low email limits: 5 per address
/// and 8 per client IP and hour. Each test takes its own tenant, so the limits of one never touch another.
/// </summary>
public sealed class SelfServiceFixture : ServerFixture
{
    public const int PerAddress = 5;
    public const int PerIp = 8;
    public const string Password = "Self-Service-Passw0rd!";

    private int _n;

    public Uri BaseAddress { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Factory.Settings["Email:Limits:PerAddressPerHour"] = PerAddress.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Factory.Settings["Email:Limits:PerIpPerHour"] = PerIp.ToString(System.Globalization.CultureInfo.InvariantCulture);
        BaseAddress = Factory.ListenOnLoopback();
        await base.InitializeAsync();
    }

    /// <summary>A new tenant, with self-service registration on when asked, and its settings changed by <paramref name="change"/>.</summary>
    public async Task<string> NewTenantAsync(bool registration = false, Action<JsonNode>? change = null)
    {
        var tenant = "self" + Interlocked.Increment(ref _n);
        await Api.CreateTenantAsync(tenant);
        var settings = await Api.CallOkAsync(HttpMethod.Get, $"/tenants/{tenant}/settings");
        settings["sign_in"]!["registration"]!["enabled"] = registration;
        change?.Invoke(settings);
        await Api.CallOkAsync(HttpMethod.Put, $"/tenants/{tenant}/settings", settings.ToJsonString());
        return tenant;
    }

    /// <summary>A client of the server with its own cookies (antiforgery), speaking the given language.</summary>
    public HttpClient NewClient(string? language = null)
    {
        var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = BaseAddress };
        if (language is not null)
        {
            http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        }
        return http;
    }

    /// <summary>The antiforgery token of the page at <paramref name="path"/> (its cookie stays in the client).</summary>
    public static async Task<string> AntiforgeryAsync(HttpClient http, string path) =>
        BrowserSession.Antiforgery(await http.GetStringAsync(path));

    /// <summary>Posts a page's form with the given antiforgery token.</summary>
    public static Task<HttpResponseMessage> PostAsync(HttpClient http, string path, string antiforgery, params (string Name, string Value)[] fields) =>
        http.PostAsync(path, new FormUrlEncodedContent(fields.Append(("__RequestVerificationToken", antiforgery))
            .Select(f => KeyValuePair.Create(f.Item1, f.Item2))));

    /// <summary>The one link to <paramref name="path"/> in the one email to <paramref name="address"/>, as a path and query on this server.</summary>
    public string LinkIn(string address, string path)
    {
        var mail = Assert.Single(MailOutbox.To(Factory, address));
        var match = Regex.Match(mail.TextBody ?? "", "http://[^/]+(/t/[a-z0-9-]+" + Regex.Escape(path) + @"\?\S+)");
        Assert.True(match.Success, mail.TextBody);
        return match.Groups[1].Value;
    }

    public string NewEmail(string name) => $"{name}{Interlocked.Increment(ref _n)}@self.example";
}
