using System.Net;
using System.Net.Http.Headers;
using System.Text;
using IdentityPlatform.Shared.Phones;
using Microsoft.Extensions.Options;

namespace IdentityServer.Messaging;

/// <summary>
/// Production delivery through Vonage's SMS API (SPEC 4.4): <c>POST {BaseUrl}/sms/json</c>,
/// form-encoded, Basic auth. HTTP-level failures are retried by the client's resilience handler;
/// Vonage's transient statuses (1, 5, 10) are retried here with exponential backoff. Provider
/// failures come back as a failed result, never as an exception.
/// </summary>
internal sealed class VonageSmsSender(HttpClient http, IOptions<VonageOptions> options, ILogger<VonageSmsSender> logger) : ISmsProvider
{
    public const int Tries = 3;

    public async Task<SmsDeliveryResult> SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        var phone = PhoneMask.Mask(message.To);
        var digits = message.To.TrimStart('+');
        if (digits.Length is < 7 or > 15 || !digits.All(char.IsAsciiDigit))
        {
            return SmsDeliveryResult.Failed("The phone number is not in E.164 format.", transient: false);
        }
        var delay = options.Value.RetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            var answer = await PostAsync(digits, message, phone, cancellationToken);
            switch (answer)
            {
                case VonageSendAnswer.Accepted accepted:
                    Log.VonageAccepted(logger, message.Tenant, phone, accepted.MessageId, attempt);
                    return SmsDeliveryResult.Sent(accepted.MessageId);
                case VonageSendAnswer.Refused { Transient: true } refused when attempt < Tries:
                    Log.VonageRetrying(logger, refused.Status, message.Tenant, phone, attempt, (long)delay.TotalMilliseconds);
                    // A pause between tries, not an expiry: real time, so a test's frozen clock cannot stall delivery.
                    await Task.Delay(delay, cancellationToken);
                    delay *= 2;
                    break;
                case VonageSendAnswer.Refused refused:
                    Log.VonageRefused(logger, message.Tenant, phone, refused.Status, refused.ErrorText, refused.Transient);
                    return SmsDeliveryResult.Failed($"Vonage status {refused.Status}: {refused.ErrorText}", refused.Transient);
                case VonageSendAnswer.Unusable unusable:
                    return SmsDeliveryResult.Failed(unusable.Error, unusable.Transient);
            }
        }
    }

    private async Task<VonageSendAnswer> PostAsync(string digits, SmsMessage message, string phone, CancellationToken ct)
    {
        var vonage = options.Value;
        var form = new List<KeyValuePair<string, string>> { new("from", vonage.From!), new("to", digits), new("text", message.Text) };
        if (message.Reference is { Length: > 0 and <= 40 } reference)
        {
            // Echoed in the delivery receipt: the receipt finds its code without a second write here.
            form.Add(new("client-ref", reference));
        }
        if (!GsmAlphabet.IsGsm7(message.Text))
        {
            form.Add(new("type", "unicode"));
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, "sms/json") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{vonage.ApiKey}:{vonage.ApiSecret}")));
        try
        {
            using var response = await http.SendAsync(request, ct);
            if (!response.IsSuccessStatusCode)
            {
                Log.VonageHttpFailed(logger, (int)response.StatusCode, message.Tenant, phone);
                var transient = (int)response.StatusCode >= 500 || response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout;
                return new VonageSendAnswer.Unusable($"Vonage answered HTTP {(int)response.StatusCode}.", transient);
            }
            var answer = VonageSendAnswer.Parse(await response.Content.ReadAsStringAsync(ct));
            if (answer is VonageSendAnswer.Unusable)
            {
                Log.VonageMalformedAnswer(logger, message.Tenant, phone);
            }
            return answer;
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // Connection failures, the resilience handler's timeouts and open circuit (Polly's exceptions),
            // a body cut short: all the provider's. Only the caller's own cancellation goes up.
            Log.VonageUnreachable(logger, e, message.Tenant, phone, e.GetType().Name);
            return new VonageSendAnswer.Unusable("Vonage could not be reached.", Transient: true);
        }
    }
}
