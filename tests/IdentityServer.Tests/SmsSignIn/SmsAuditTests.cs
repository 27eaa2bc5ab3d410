using System.Text.Json.Nodes;
using IdentityServer.Tests.Infrastructure;

namespace IdentityServer.Tests.SmsSignIn;

public sealed class SmsAuditTests(SmsFixture server) : IClassFixture<SmsFixture>
{
    [Fact]
    public async Task SentVerifiedFailedAndLockedOut_AreAudited_WithMaskedPhones_AndNoCodes()
    {
        var otp = await server.StartOkAsync("quick", "+14155554001");
        var code = SmsOutbox.LastCode(server.Factory, "+14155554001");
        await server.GrantAsync("quick", otp, code == "000000" ? "111111" : "000000");
        await server.GrantAsync("quick", otp, code);
        server.PassCooldown();
        var locked = await server.StartOkAsync("quick", "+14155554001");
        var lockedCode = SmsOutbox.LastCode(server.Factory, "+14155554001");
        for (var i = 0; i < 5; i++)
        {
            await server.GrantAsync("quick", locked, lockedCode == "000000" ? "111111" : "000000");
        }

        var audit = await server.Api.CallOkAsync(HttpMethod.Get, "/tenants/quick/audit?action=sms.&page_size=200");
        var events = audit["items"]!.AsArray().Select(e => e!).Where(e => e["target"]?.GetValue<string>() == "+1******4001").ToList();
        var actions = events.Select(e => e["action"]!.GetValue<string>()).ToList();
        Assert.Equal(2, actions.Count(a => a == "sms.code_sent"));
        Assert.Equal(1, actions.Count(a => a == "sms.code_verified"));
        Assert.Equal(5, actions.Count(a => a == "sms.code_failed"));
        Assert.Equal(1, actions.Count(a => a == "sms.code_locked_out"));
        var raw = audit.ToJsonString();
        Assert.DoesNotContain("4155554001", raw);
        Assert.DoesNotContain(code, raw);

        var decisions = await server.Api.CallOkAsync(HttpMethod.Get, "/tenants/quick/audit?action=sign_in.decision");
        Assert.Contains(decisions["items"]!.AsArray(), e => e!["details"]!["rule"]!.GetValue<string>() == "S4-optional");
    }

    [Fact]
    public async Task ManagementChanges_AreAudited_WithTheActor()
    {
        var settings = await server.Api.CallOkAsync(HttpMethod.Get, "/tenants/closed/settings");
        settings["sign_in"]!["sms"]!["code_length"] = 5;
        await server.Api.CallAsync(HttpMethod.Put, "/tenants/closed/settings", settings.ToJsonString());
        settings["sign_in"]!["sms"]!["code_length"] = 7;
        await server.Api.CallOkAsync(HttpMethod.Put, "/tenants/closed/settings", settings.ToJsonString());

        var audit = await server.Api.CallOkAsync(HttpMethod.Get, "/tenants/closed/audit");
        var items = audit["items"]!.AsArray().Select(e => e!).ToList();
        Assert.Contains(items, e => e["action"]!.GetValue<string>() == "settings.changed"
            && e["actor"]!.GetValue<string>() == "client:platform-automation");
        var refused = items.Single(e => e["action"]!.GetValue<string>() == "settings.refused");
        Assert.Contains("P5", refused["details"]!.ToJsonString());
        Assert.Contains(items, e => e["action"]!.GetValue<string>() == "client.created" && e["target"]!.GetValue<string>() == "client:mobile");
    }
}
