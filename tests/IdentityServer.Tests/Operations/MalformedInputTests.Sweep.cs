using System.Text;
using IdentityServer.Tests.Infrastructure;
using static IdentityServer.Tests.Operations.Malformed;

namespace IdentityServer.Tests.Operations;

/// <summary>
/// Issue 12 point 10: the hosted pages with random forms, and a sweep of every endpoint with every
/// method and every kind of body and content type (unsupported charsets such as UTF-7, multipart
/// types over bodies that are not multipart, unknown methods such as TRACE). Never a 5xx.
/// </summary>
public sealed partial class MalformedInputTests
{
    private const int PageRequests = 700;

    private static readonly string[] SweepMethods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "FOO"];

    /// <summary>How many bodies and content types each (target, method) pair gets, drawn from <see cref="SweepBodies"/>.</summary>
    private const int SweepBodiesPerPair = 6;

    private static int SweepRequests => SweepTargets(ManagedUserPlaceholder).Length * SweepMethods.Length * SweepBodiesPerPair;

    private const string ManagedUserPlaceholder = "00000000-0000-0000-0000-000000000000";

    private static readonly string[] Pages =
    [
        "login", "logout", "consent", "mfa", "mfa/enroll", "security", "sms", "sms/code", "signed-in", "logged-out", "nosuch",
    ];

    [Fact]
    public async Task HostedPages_AnswerEveryMalformedRequest_NeverA5xx() =>
        await RunAsync("pages", 7007, PageRequests, Page);

    [Fact]
    public async Task EveryEndpoint_WithEveryMethodAndContentType_IsNeverA5xx()
    {
        var rng = new Random(7008);
        var index = 0;
        var requests = new List<MalformedRequest>();
        foreach (var target in SweepTargets(ManagedUserPlaceholder))
        {
            foreach (var method in SweepMethods)
            {
                foreach (var kind in Enumerable.Range(0, SweepBodies.Length).OrderBy(_ => rng.Next()).Take(SweepBodiesPerPair))
                {
                    requests.Add(Sweep(rng, target, method, kind, index++));
                }
            }
        }
        await RunAllAsync("sweep", 7008, requests);
    }

    /// <summary>Every route of the server; management changes only reach the fuzzmgmt tenant and users or clients that do not exist.</summary>
    private static string[] SweepTargets(string userId)
    {
        const string t = "/t/" + MalformedInputFixture.Tenant;
        const string api = "/api/v1/tenants/" + MalformedInputFixture.ManagedTenant;
        return
        [
            t + "/connect/token", t + "/connect/authorize", t + "/connect/userinfo", t + "/connect/introspect", t + "/connect/revoke",
            t + "/connect/endsession", t + "/connect/sms/start", t + "/connect/mfa/challenge", t + "/connect/mfa/enroll",
            t + "/.well-known/openid-configuration", t + "/.well-known/jwks",
            .. Pages.Select(p => t + "/account/" + p),
            "/api/v1/tenants", api, api + "/settings", api + "/clients", api + "/clients/nosuch-client", api + "/users",
            api + "/users/" + userId, api + "/users/" + userId + "/phone", api + "/users/" + userId + "/phone/verify",
            api + "/users/" + userId + "/mfa/reset", api + "/audit", "/api/v1/nosuch",
            "/webhooks/vonage/delivery-receipt", "/health/live", "/health/ready", "/openapi/v1.json", "/", "/nosuch", "/t/nosuch/connect/token",
        ];
    }

    /// <summary>Content type and body of each sweep kind (null: none).</summary>
    private static readonly (string? ContentType, Func<Random, byte[]?> Body)[] SweepBodies =
    [
        (null, _ => null),
        ("application/x-www-form-urlencoded", _ => "client_id=fuzz-web&grant_type=client_credentials&a=b"u8.ToArray()),
        ("application/x-www-form-urlencoded; charset=utf-7", _ => "client_id=fuzz-web&a=+ADw-script+AD4-"u8.ToArray()),
        ("application/x-www-form-urlencoded; charset=bogus-42", _ => "a=b"u8.ToArray()),
        ("multipart/form-data", _ => "a=b&c=d"u8.ToArray()),
        ("multipart/form-data; boundary=XyZ", _ => "{\"display_name\": \"Sweep\"}"u8.ToArray()),
        ("multipart/form-data; boundary=XyZ", _ => "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--XyZ--\r\n"u8.ToArray()),
        ("application/json", _ => "{}"u8.ToArray()),
        ("application/json; charset=utf-7", _ => "{\"display_name\": \"+ADw-x+AD4-\"}"u8.ToArray()),
        ("application/json; charset=utf-16", _ => Encoding.Unicode.GetBytes("{\"display_name\": \"Sweep\"}")),
        ("application/merge-patch+json", _ => "{\"display_name\": \"Sweep\"}"u8.ToArray()),
        ("text/plain; charset=utf-7", _ => "+ADw-x+AD4-"u8.ToArray()),
        ("application/octet-stream", r => RandomBytes(r)),
        ("x/y; charset=", r => RandomBytes(r)),
    ];

    private static byte[] RandomBytes(Random rng)
    {
        var bytes = new byte[rng.Next(1, 2000)];
        rng.NextBytes(bytes);
        return bytes;
    }

    private MalformedRequest Sweep(Random rng, string target, string method, int kind, int index)
    {
        var headers = new List<KeyValuePair<string, string>>();
        if (target.StartsWith("/api/", StringComparison.Ordinal))
        {
            headers.Add(KeyValuePair.Create("Authorization", "Bearer " + server.PlatformToken));
        }
        var (contentType, body) = SweepBodies[kind];
        // The signed-in session only for reads: a sign-out or a consent must not end it for the other tests.
        var signedIn = target.Contains("/account/", StringComparison.Ordinal) && method is "GET" or "HEAD" && rng.Chance(0.5);
        return new MalformedRequest("sweep", 7008, index, new HttpMethod(method), target, headers, contentType, body(rng), signedIn);
    }

    private async Task RunAllAsync(string family, int seed, IReadOnlyList<MalformedRequest> requests)
    {
        var failures = new List<(string Signature, string Report)>();
        var statuses = new SortedDictionary<int, int>();
        foreach (var request in requests)
        {
            var (status, report) = await SendAndJudgeAsync(request);
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            if (report is not null)
            {
                failures.Add(report.Value);
            }
        }
        output.WriteLine($"{family}: {requests.Count} requests, by status: {string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}"))}");
        Assert.True(failures.Count == 0, $"{failures.Count} of {requests.Count} {family} requests (seed {seed}) broke the contract:\n"
            + string.Join("\n----\n", failures.GroupBy(f => f.Signature).Select(g => $"{g.Count()} × {g.Key}\n{g.First().Report}")));
    }

    private static readonly string[] PageMethods = ["GET", "POST", "POST", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "HEAD", "FOO"];

    /// <summary>A hosted page with a random form: often with a working antiforgery pair, so the page's own handler reads the input.</summary>
    private static Draft Page(Random rng, MalformedInputFixture f)
    {
        var d = new Draft(rng);
        var page = rng.Pick(Pages);
        d.Method = d.Garble(0.5) ? new HttpMethod(rng.Pick(PageMethods)) : rng.Chance(0.6) ? HttpMethod.Post : HttpMethod.Get;
        d.Path = $"/t/{TenantOf(d, MalformedInputFixture.Tenant)}/account/{page}";
        if (rng.Chance(0.6))
        {
            d.Add(1, "__RequestVerificationToken", f.AntiforgeryToken);
            d.Headers.Add(KeyValuePair.Create("Cookie", f.AntiforgeryCookie));
        }
        d.Add(0.3, "ReturnUrl", "/t/fuzz/connect/authorize?client_id=fuzz-web", "https://evil.example/", "//evil.example", "/t/platform/x");
        switch (page)
        {
            case "login":
                // A real comparison costs a password hash: keep the right email rare.
                d.Add(0.9, "Input.Email", rng.Chance(0.1) ? MalformedInputFixture.Email : Alnum(rng, 1, 10) + "@fuzz.example");
                d.Add(0.9, "Input.Password", "wrong-" + Alnum(rng, 1, 10));
                break;
            case "sms":
                d.Add(0.9, "PhoneNumber", "+14155550" + rng.Next(100, 999), "not a phone");
                break;
            case "sms/code" or "mfa" or "mfa/enroll" or "security":
                d.Add(0.8, "Code", Alnum(rng, 6, 6), "123456", "");
                d.Add(0.3, "Factor", "totp", "sms", "email", "recovery_code");
                d.Add(0.3, "handler", rng.Pick(new[] { "StartTotp", "ConfirmTotp", "RemoveTotp", "AddPhone", "VerifyPhone", "Send", "Resend" }));
                break;
            case "consent":
                d.Add(0.5, rng.Pick(new[] { "submit.Accept", "submit.Deny" }), "yes");
                break;
        }
        Disorder(d);
        if (d.Method == HttpMethod.Head || d.Method == HttpMethod.Get)
        {
            d.RawQuery = Query(rng, d.Fields.Where(p => p.Key != "__RequestVerificationToken"));
            return d;
        }
        PutFields(d);
        if (d.Garble(0.3))
        {
            d.ContentType = rng.Pick(new[]
            {
                "application/x-www-form-urlencoded; charset=utf-7", "multipart/form-data; boundary=XyZ", "multipart/form-data",
                "application/json; charset=utf-7", "text/plain; charset=utf-7",
            });
        }
        return d;
    }
}
