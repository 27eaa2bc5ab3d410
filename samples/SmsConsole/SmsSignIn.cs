using System.Text.Json;
using System.Text.Json.Nodes;

namespace SmsConsole;

/// <summary>
/// The SMS sign-in of a native app, step by step (CONTRACT.md sections 4 and 5): start, the texted code, the
/// sms-otp grant, and when the tenant asks for a second factor the authenticator (enrolled in the flow for a new
/// user), then the mfa-otp grant. Prints the token response; 0 on success, 1 otherwise.
/// </summary>
public static class SmsSignIn
{
    public const string SmsGrant = "urn:identity-platform:grant-type:sms-otp";
    public const string MfaGrant = "urn:identity-platform:grant-type:mfa-otp";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output, HttpClient? http, CancellationToken ct)
    {
        if (Options.Parse(args, output) is not { } options)
        {
            return 1;
        }
        using var owned = http is null ? new HttpClient() : null;
        var client = new TenantClient(http ?? owned!, options);

        var started = await client.PostAsync("connect/sms/start", [("phone_number", options.Phone)], ct);
        if (started["otp_id"]?.GetValue<string>() is not { } otpId)
        {
            return Fail(output, "The start was refused", started);
        }
        output.Write($"Code sent to {Mask(options.Phone)}. Code: ");
        var code = options.Code ?? (await input.ReadLineAsync(ct))?.Trim() ?? "";
        if (options.Code is not null)
        {
            output.WriteLine(code);
        }
        var tokens = await client.PostAsync("connect/token",
            [("grant_type", SmsGrant), ("otp_id", otpId), ("code", code), ("scope", "openid phone offline_access")], ct);

        if (tokens["error"]?.GetValue<string>() is "mfa_enrollment_required" or "mfa_required")
        {
            tokens = await SecondFactorAsync(client, tokens, input, output, ct);
        }
        if (tokens["access_token"] is null)
        {
            return Fail(output, "The sign-in was refused", tokens);
        }
        output.WriteLine("Signed in:");
        output.WriteLine(tokens.ToJsonString(Indented));
        return 0;
    }

    // The authenticator: enrolled now for a user who has none (its secret and otpauth URI printed), then its code.
    private static async Task<JsonNode> SecondFactorAsync(TenantClient client, JsonNode answer, TextReader input, TextWriter output, CancellationToken ct)
    {
        var mfaToken = answer["mfa_token"]!.GetValue<string>();
        var methods = answer["mfa_methods"]?.AsArray().Select(m => m!.GetValue<string>()).ToList() ?? [];
        if (!methods.Contains("totp"))
        {
            return answer;
        }
        if (answer["error"]!.GetValue<string>() == "mfa_enrollment_required")
        {
            var enrolled = await client.PostAsync("connect/mfa/enroll", [("mfa_token", mfaToken), ("factor", "totp")], ct);
            if (enrolled["otpauth_uri"]?.GetValue<string>() is not { } uri)
            {
                return enrolled;
            }
            output.WriteLine("A second factor is needed. Add this authenticator to your app (scan or type it):");
            output.WriteLine($"  secret: {enrolled["secret"]!.GetValue<string>()}");
            output.WriteLine($"  {uri}");
        }
        else
        {
            output.WriteLine("A second factor is needed.");
        }
        output.Write("Authenticator code: ");
        var code = (await input.ReadLineAsync(ct))?.Trim() ?? "";
        return await client.PostAsync("connect/token", [("grant_type", MfaGrant), ("mfa_token", mfaToken), ("factor", "totp"), ("code", code)], ct);
    }

    private static int Fail(TextWriter output, string what, JsonNode answer)
    {
        output.WriteLine($"{what}: {answer["error"]} {answer["error_description"]}");
        return 1;
    }

    private static string Mask(string phone) => phone.Length < 7 ? "***" : phone[..2] + new string('*', phone.Length - 6) + phone[^4..];
}
