using Microsoft.AspNetCore.Identity;

namespace IdentityServer.Management;

/// <summary>problem+json answers of the management API, one shape for every endpoint (typed: see <see cref="ApiProblem"/>).</summary>
internal static class Problems
{
    public static NotFoundProblem NotFound(string detail) => new(detail);

    public static ForbiddenProblem Forbidden(string detail) => new(detail);

    public static ConflictProblem Conflict(string detail) => new(detail);

    public static BadRequestProblem BadRequest(string detail) => new(detail);

    /// <summary>U1 (SPEC 6): 409 second_factor_required, on every path that sets a phone.</summary>
    public static ConflictProblem SecondFactorRequired() =>
        new(Account.SmsSignInPhone.SecondFactorRequired, "second_factor_required", "second_factor_required");

    /// <summary>U3 (SPEC 6): 409 would_lock_out, on every path that removes a factor; the detail says what to do first.</summary>
    public static ConflictProblem WouldLockOut(string detail) => new(detail, "would_lock_out", "would_lock_out");

    /// <summary>422 with the errors per field; the detail repeats the first message so a client can show one line.</summary>
    public static InvalidProblem Invalid(IDictionary<string, string[]> errors) => new(errors);

    public static InvalidProblem Invalid(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>A save refused because another request changed the record meanwhile: the change is not applied; read again and retry.</summary>
    public static bool IsConcurrencyFailure(IdentityResult result) =>
        result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure));

    public static ConflictProblem ChangedMeanwhile() =>
        Conflict("The user was changed by another request at the same time; this change was not saved. Read the user again and retry.");

    /// <summary>Identity's refusal: 422 with its messages under the field it concerns.</summary>
    public static InvalidProblem NotSaved(IdentityResult result)
    {
        var field = result.Errors.Any(e => e.Code.StartsWith("Password", StringComparison.Ordinal)) ? "password" : "user";
        return Invalid(new Dictionary<string, string[]> { [field] = result.Errors.Select(e => e.Description).DefaultIfEmpty("The change was not saved.").ToArray() });
    }
}
