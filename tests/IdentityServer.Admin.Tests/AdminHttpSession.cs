using System.Net;
using System.Text.RegularExpressions;
using IdentityServer.Tests.Infrastructure;

namespace IdentityServer.Admin.Tests;

/// <summary>
/// A browser without JavaScript for the admin app: follows the OIDC sign-in across the admin app
/// and the server (both on 127.0.0.1) by hand, with a cookie jar per origin that, like Chromium on
/// loopback, also keeps Secure cookies on http.
/// </summary>
internal sealed partial class AdminHttpSession : IDisposable
{
    private readonly HttpClient _http;

    private AdminHttpSession(Uri admin)
    {
        Admin = admin;
        _http = new HttpClient(new LoopbackCookieJar { InnerHandler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false } });
    }

    public Uri Admin { get; }

    /// <summary>Opens /t/{tenant} of the admin app and signs in on the tenant's hosted page until the admin app answers.</summary>
    public static async Task<AdminHttpSession> SignInAsync(Uri admin, string tenant, string email, string password)
    {
        var session = new AdminHttpSession(admin);
        var response = await session._http.GetAsync(new Uri(admin, $"/t/{tenant}"));
        for (var hops = 0; response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.OK; hops++)
        {
            Assert.True(hops < 12, "too many redirects");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                // The authorization response in response_mode=form_post: the page's form, posted as a browser would.
                var html = await response.Content.ReadAsStringAsync();
                var post = FormPost().Match(html);
                if (!post.Success)
                {
                    break;
                }
                var fields = HiddenInput().Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));
                response = await session._http.PostAsync(new Uri(WebUtility.HtmlDecode(post.Groups[1].Value)), new FormUrlEncodedContent(fields));
                continue;
            }
            var location = new Uri(response.RequestMessage!.RequestUri!, response.Headers.Location!);
            response = location.AbsolutePath.EndsWith("/account/login", StringComparison.Ordinal)
                ? await new BrowserSession(session._http).SubmitLoginAsync(location, email, password)
                : await session._http.GetAsync(location);
        }
        var landed = response.RequestMessage!.RequestUri!;
        Assert.True(response.StatusCode == HttpStatusCode.OK && landed.Authority == admin.Authority,
            $"sign-in ended at {(int)response.StatusCode} {landed}: {await response.Content.ReadAsStringAsync()}");
        return session;
    }

    [GeneratedRegex("<form name=\"form\" method=\"post\" action=\"([^\"]+)\">")]
    private static partial Regex FormPost();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"")]
    private static partial Regex HiddenInput();

    public Task<HttpResponseMessage> GetAsync(string path) => _http.GetAsync(new Uri(Admin, path));

    public Task<HttpResponseMessage> PostAsync(string path, IDictionary<string, string> form) =>
        _http.PostAsync(new Uri(Admin, path), new FormUrlEncodedContent(form));

    /// <summary>Posts a form of a page the way its HTML does: with the antiforgery token the page carries.</summary>
    public async Task<HttpResponseMessage> PostFromPageAsync(string page, string action, IDictionary<string, string> form)
    {
        var html = await (await GetAsync(page)).Content.ReadAsStringAsync();
        return await PostAsync(action, new Dictionary<string, string>(form) { ["__RequestVerificationToken"] = BrowserSession.Antiforgery(html) });
    }

    public void Dispose() => _http.Dispose();

    /// <summary>Cookies per origin (scheme, host and port) and path; an expired or emptied cookie is removed.</summary>
    private sealed partial class LoopbackCookieJar : DelegatingHandler
    {
        private readonly Dictionary<(string Origin, string Name), (string Value, string Path)> _cookies = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var uri = request.RequestUri!;
            var origin = uri.GetLeftPart(UriPartial.Authority);
            var sent = _cookies.Where(c => c.Key.Origin == origin && uri.AbsolutePath.StartsWith(c.Value.Path, StringComparison.Ordinal))
                .Select(c => $"{c.Key.Name}={c.Value.Value}").ToList();
            if (sent.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", sent));
            }
            var response = await base.SendAsync(request, ct);
            if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
            {
                foreach (var header in setCookies)
                {
                    Store(origin, header);
                }
            }
            return response;
        }

        private void Store(string origin, string header)
        {
            var parts = header.Split(';', StringSplitOptions.TrimEntries);
            var eq = parts[0].IndexOf('=');
            var name = parts[0][..eq];
            var value = parts[0][(eq + 1)..];
            var path = parts.Select(p => PathAttribute().Match(p)).FirstOrDefault(m => m.Success)?.Groups[1].Value ?? "/";
            var expired = parts.Any(p => p.StartsWith("expires=", StringComparison.OrdinalIgnoreCase)
                && DateTimeOffset.TryParse(p[8..], out var at) && at < DateTimeOffset.UtcNow);
            if (expired || value.Length == 0)
            {
                _cookies.Remove((origin, name));
                return;
            }
            _cookies[(origin, name)] = (value, path);
        }

        [GeneratedRegex("^path=(.*)$", RegexOptions.IgnoreCase)]
        private static partial Regex PathAttribute();
    }
}
