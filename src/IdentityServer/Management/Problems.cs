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

    /// <summary>422 with the errors per field; the title repeats the first message so a client can show one line.</summary>
    public static IResult Invalid(IDictionary<string, string[]> errors) =>
        Results.ValidationProblem(errors, detail: errors.First().Value.First(),
            statusCode: StatusCodes.Status422UnprocessableEntity,
            title: "The request breaks a rule", type: "https://tools.ietf.org/html/rfc4918#section-11.2");
}
