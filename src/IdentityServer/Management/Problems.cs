namespace IdentityServer.Management;

/// <summary>problem+json answers of the management API, one shape for every endpoint.</summary>
internal static class Problems
{
    public static IResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static IResult Forbidden(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");

    public static IResult Conflict(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict");

    public static IResult BadRequest(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad request");

    /// <summary>U1 (SPEC 6): 409 second_factor_required, on every path that sets a phone.</summary>
    public static IResult SecondFactorRequired() =>
        TypedResults.Problem(Account.SmsSignInPhone.SecondFactorRequired, statusCode: StatusCodes.Status409Conflict,
            title: "second_factor_required", extensions: new Dictionary<string, object?> { ["error"] = "second_factor_required" });

    /// <summary>U3 (SPEC 6): 409 would_lock_out, on every path that removes a factor; the detail says what to do first.</summary>
    public static IResult WouldLockOut(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict,
            title: "would_lock_out", extensions: new Dictionary<string, object?> { ["error"] = "would_lock_out" });

    /// <summary>
    /// A save that did not happen: 409 when another request changed the record meanwhile (a concurrency failure:
    /// the change is not applied, the caller reads again and retries), otherwise 422 with Identity's messages.
    /// </summary>
    public static IResult NotSaved(Microsoft.AspNetCore.Identity.IdentityResult result) =>
        result.Errors.Any(e => e.Code == nameof(Microsoft.AspNetCore.Identity.IdentityErrorDescriber.ConcurrencyFailure))
            ? Conflict("The user was changed by another request at the same time; this change was not saved. Read the user again and retry.")
            : Invalid(new Dictionary<string, string[]> { ["user"] = result.Errors.Select(e => e.Description).DefaultIfEmpty("The change was not saved.").ToArray() });

    /// <summary>422 with the errors per field; the title repeats the first message so a client can show one line.</summary>
    public static IResult Invalid(IDictionary<string, string[]> errors) =>
        Results.ValidationProblem(errors, detail: errors.First().Value.First(),
            statusCode: StatusCodes.Status422UnprocessableEntity,
            title: "The request breaks a rule", type: "https://tools.ietf.org/html/rfc4918#section-11.2");
}
