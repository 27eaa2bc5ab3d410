using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IdentityServer.Tests.Infrastructure;
using IdentityServer.Tests.SelfService;

namespace IdentityServer.Tests.Samples;

/// <summary>
/// samples/SmsConsole (docs/QUICKSTART.md step 5) run by its entry point against the server on 127.0.0.1: the
/// "keyboard" answers each prompt with what a person would type (the code from the SMS outbox, then the
/// authenticator's code for the secret the sample printed).
/// </summary>
public sealed class SmsConsoleSampleTests(SelfServiceFixture server) : IClassFixture<SelfServiceFixture>
{
    private const string SmsGrant = "urn:identity-platform:grant-type:sms-otp";
    private const string MfaGrant = "urn:identity-platform:grant-type:mfa-otp";

    private async Task<string> TenantAsync(bool secondFactor)
    {
        var tenant = await server.NewTenantAsync(change: s =>
        {
            s["sign_in"]!["sms"]!["enabled"] = true;
            s["sign_in"]!["sms"]!["sign_up"] = true;
            s["sign_in"]!["sms"]!["require_second_factor"] = secondFactor;
        });
        await server.Api.CreateClientAsync(tenant, "mobile", [SmsGrant, MfaGrant, "refresh_token"], ["openid", "phone", "offline_access"], type: "public");
        return tenant;
    }

    private async Task<(int Exit, string Output)> RunAsync(string tenant, string phone, Func<string, string>[] answers)
    {
        var output = new StringWriter();
        using var http = new HttpClient();
        var exit = await SmsConsole.SmsSignIn.RunAsync(
            ["--server", server.BaseAddress.ToString(), "--tenant", tenant, "--client", "mobile", "--phone", phone],
            new Keyboard(answers, output), output, http, CancellationToken.None);
        return (exit, output.ToString());
    }

    [Fact]
    public async Task SignsANewUserIn_WithTheTextedCode()
    {
        var tenant = await TenantAsync(secondFactor: false);
        var (exit, output) = await RunAsync(tenant, "+14155556401", [_ => SmsOutbox.LastCode(server.Factory, "+14155556401")]);

        Assert.True(exit == 0, output);
        Assert.Contains("Code sent to +1******6401", output);
        var tokens = JsonNode.Parse(output[output.IndexOf('{', StringComparison.Ordinal)..])!;
        Assert.True(tokens["user_created"]!.GetValue<bool>());
        Assert.Equal("+14155556401", Jwt.Payload(tokens["id_token"]!.GetValue<string>())["phone_number"]!.GetValue<string>());
    }

    [Fact]
    public async Task EnrollsTheAuthenticator_WhenTheTenantAsksForASecondFactor()
    {
        var tenant = await TenantAsync(secondFactor: true);
        var (exit, output) = await RunAsync(tenant, "+14155556402",
        [
            _ => SmsOutbox.LastCode(server.Factory, "+14155556402"),
            printed => TotpCodes.At(Regex.Match(printed, @"secret: (\S+)").Groups[1].Value, DateTimeOffset.UtcNow),
        ]);

        Assert.True(exit == 0, output);
        Assert.Contains("otpauth://totp/", output);
        var tokens = JsonNode.Parse(output[output.IndexOf("Signed in:", StringComparison.Ordinal)..][10..])!;
        Assert.NotNull(tokens["refresh_token"]);
        Assert.Equal(10, tokens["recovery_codes"]!.AsArray().Count);
    }

    [Fact]
    public async Task AWrongCode_EndsWithTheServersError_AndExitCode1()
    {
        var tenant = await TenantAsync(secondFactor: false);
        var (exit, output) = await RunAsync(tenant, "+14155556403", [_ => "000000" == SmsOutbox.LastCode(server.Factory, "+14155556403") ? "111111" : "000000"]);
        Assert.Equal(1, exit);
        Assert.Contains("invalid_grant", output);
    }

    /// <summary>Answers the sample's prompts in turn, each from what the sample printed so far.</summary>
    private sealed class Keyboard(Func<string, string>[] answers, StringWriter printed) : TextReader
    {
        private int _next;

        public override string? ReadLine() => _next < answers.Length ? answers[_next++](printed.ToString()) : null;

        public override ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken) => ValueTask.FromResult(ReadLine());
    }
}
