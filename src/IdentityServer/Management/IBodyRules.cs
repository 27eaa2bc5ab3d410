namespace IdentityServer.Management;

/// <summary>
/// The rules of one request body of the management API, declared once and applied by
/// <see cref="ValidationFilter"/> to every endpoint that takes that body. Errors are keyed by the
/// field's name in the contract (snake_case), with a message in the contract's words.
/// </summary>
internal interface IBodyRules<in T>
{
    /// <summary>The errors per field; empty when the body keeps every rule. May normalise the body (JSON nulls to empty lists).</summary>
    ValueTask<Dictionary<string, string[]>> CheckAsync(T body, HttpContext http);
}
