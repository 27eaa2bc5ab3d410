using Microsoft.AspNetCore.Http.HttpResults;

namespace IdentityServer.Messaging;

/// <summary>
/// <c>POST /webhooks/vonage/delivery-receipt</c> (SPEC 4.4): parse, check the signature, record
/// the status, answer 204. Vonage resends a receipt until it gets a 2xx, so only a receipt that
/// can never be accepted gets a 4xx.
/// </summary>
internal static class VonageDeliveryReceiptEndpoint
{
    public const string LogCategory = "IdentityServer.Messaging.VonageDeliveryReceipts";

    /// <summary>A receipt is a few hundred bytes; the route's request size limit says the same to the server.</summary>
    public const int MaxBodyBytes = 16 * 1024;

    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(HttpRequest request,
        VonageReceiptVerifier verifier, ISmsDeliveryReceipts receipts, ILoggerFactory loggers, CancellationToken ct)
    {
        var logger = loggers.CreateLogger(LogCategory);
        if (request.ContentLength > MaxBodyBytes)
        {
            return TypedResults.Problem($"A delivery receipt is at most {MaxBodyBytes} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge,
                title: "Payload too large");
        }
        var parameters = await WebhookParameters.ReadAsync(request, ct);
        if (parameters.Values is not { } values)
        {
            Log.ReceiptMalformed(logger, parameters.Error!);
            return BadRequest(parameters.Error!);
        }
        if (verifier.Refusal(values) is { } refusal)
        {
            Log.ReceiptUnauthorized(logger, refusal);
            return TypedResults.Problem($"The delivery receipt is refused: {refusal}.", statusCode: StatusCodes.Status401Unauthorized,
                title: "Unauthorized");
        }
        if (Field(values, "messageId", 100) is not { } messageId || Field(values, "status", 32) is not { } status)
        {
            Log.ReceiptMalformed(logger, "messageId or status missing");
            return BadRequest("A delivery receipt needs messageId and status (at most 100 and 32 characters).");
        }
        var errorCode = values.GetValueOrDefault("err-code") is { Length: > 0 and <= 32 } code ? code : null;
        await receipts.RecordAsync(messageId, Field(values, "client-ref", 100), status, errorCode, ct);
        return TypedResults.NoContent();
    }

    private static string? Field(IReadOnlyDictionary<string, string> values, string key, int maxLength) =>
        values.TryGetValue(key, out var value) && value.Length > 0 && value.Length <= maxLength ? value : null;

    private static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad request");
}
