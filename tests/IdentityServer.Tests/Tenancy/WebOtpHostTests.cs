using System.Net;
using IdentityServer.Tests.Infrastructure;
using IdentityServer.Tests.SmsSignIn;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityServer.Tests.Tenancy;

/// <summary>The SMS fixture's server as a remote client reaches it (from 203.0.113.7, not loopback), in Development.</summary>
public class RemoteClientSmsFixture : SmsFixture
{
    public RemoteClientSmsFixture() => Factory.TestServices.Add(services => services.AddSingleton<IStartupFilter, RemoteClient>());

    private sealed class RemoteClient : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, following) =>
            {
                http.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.7");
                return following(http);
            });
            next(app);
        };
    }
}

/// <summary>The same, with PublicOrigin__Url set.</summary>
public sealed class PublicOriginSmsFixture : RemoteClientSmsFixture
{
    public PublicOriginSmsFixture() => Factory.Settings["PublicOrigin:Url"] = "https://id.example.com";
}

/// <summary>SPEC 4.4, issue 12 point 8: the WebOTP line's host is never the caller's Host header.</summary>
public sealed class WebOtpHostFromRemoteClientTests(RemoteClientSmsFixture server) : IClassFixture<RemoteClientSmsFixture>
{
    [Fact]
    public async Task SignInStart_WithAForeignHostHeader_FromARemoteClient_TextsTheLocalHost()
    {
        var response = await StartWithHostAsync(server, "+14155558801", "evil.example");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = SmsOutbox.To(server.Factory, "+14155558801").Single()["text"]!.GetValue<string>();
        Assert.DoesNotContain("evil.example", text);
        Assert.Matches(@"\n@localhost #\d{6}$", text);
    }

    internal static Task<HttpResponseMessage> StartWithHostAsync(SmsFixture server, string phone, string host)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/t/quick/connect/sms/start")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["client_id"] = "mobile",
                ["client_secret"] = server.Secrets["quick"],
                ["phone_number"] = phone,
            }),
        };
        request.Headers.Host = host;
        return server.Api.Http.SendAsync(request);
    }
}

public sealed class WebOtpHostFromPublicOriginTests(PublicOriginSmsFixture server) : IClassFixture<PublicOriginSmsFixture>
{
    [Fact]
    public async Task SignInStart_WithAForeignHostHeader_TextsThePublicOriginsHost()
    {
        var response = await WebOtpHostFromRemoteClientTests.StartWithHostAsync(server, "+14155558803", "evil.example");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = SmsOutbox.To(server.Factory, "+14155558803").Single()["text"]!.GetValue<string>();
        Assert.Matches(@"\n@id\.example\.com #\d{6}$", text);
    }
}

public sealed class PublicOriginRequiredTests
{
    [Fact]
    public async Task Production_WithoutPublicOrigin_RefusesToStart_NamingIt()
    {
        await using var factory = new ServerFactory { Environment = "Production" };
        factory.Settings["Sms:AllowOutboxInProduction"] = "true";
        factory.Settings["Email:AllowOutboxInProduction"] = "true";
        factory.Settings["DataProtection:AllowUnprotectedKeys"] = "true";
        Assert.Contains("PublicOrigin__Url is required in Production", StartupFailure.Of(() => factory.CreateClient()));
    }
}
