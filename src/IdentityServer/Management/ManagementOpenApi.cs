using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace IdentityServer.Management;

/// <summary>
/// The management API in the OpenAPI document (issue 13 point 6): the bearer scheme (an access
/// token with scope idp_admin, SPEC 7) declared once and required by every /api/v1 operation.
/// Responses and parameters come from the endpoints' typed results and parameters.
/// </summary>
internal sealed class ManagementOpenApi : IOpenApiDocumentTransformer
{
    public const string Scheme = "bearer";

    // What each path and query parameter means (one text per name: they mean the same everywhere).
    private static readonly Dictionary<string, string> Descriptions = new(StringComparer.Ordinal)
    {
        ["slug"] = "The tenant's slug.",
        ["id"] = "The user's id.",
        ["clientId"] = "The client's client_id.",
        ["page"] = "1-based page number (default 1).",
        ["page_size"] = "Items per page, 1-200 (default 50).",
        ["search"] = "Part of an email, phone number, given or family name (at most 200 characters).",
        ["actor"] = "Who: an email (any case), client:{client_id}, or a masked phone as the log shows it.",
        ["action"] = "What: an action such as user.updated; ending with a dot (sms.) it matches that whole family.",
        ["from"] = "Events at or after this instant (ISO 8601; a date alone is its midnight UTC).",
        ["to"] = "Events before this instant (ISO 8601; a date alone means the end of that day UTC).",
        ["since"] = "Same as from (kept for existing callers).",
        ["format"] = "csv (default) or jsonl (one JSON object a line).",
    };

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "Identity Platform";
        document.Info.Description = "Management API under /api/v1 (SPEC 7): a bearer access token with scope idp_admin, errors as application/problem+json.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Scheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "An access token of the tenant's token endpoint with scope idp_admin (client_credentials for a platform client, or a user's token with role tenant_admin / platform_admin).",
        };
        foreach (var (path, item) in document.Paths)
        {
            if (!path.StartsWith("/api/v1", StringComparison.Ordinal) || item.Operations is null)
            {
                continue;
            }
            foreach (var operation in item.Operations.Values)
            {
                // A group's route parameter ({slug}) that a handler does not bind is still part of its path.
                operation.Parameters ??= [];
                foreach (System.Text.RegularExpressions.Match match in System.Text.RegularExpressions.Regex.Matches(path, @"\{([A-Za-z_]+)\}"))
                {
                    var name = match.Groups[1].Value;
                    if (!operation.Parameters.Any(p => p.Name == name && p.In == ParameterLocation.Path))
                    {
                        operation.Parameters.Add(new OpenApiParameter
                        {
                            Name = name,
                            In = ParameterLocation.Path,
                            Required = true,
                            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                        });
                    }
                }
                foreach (var parameter in operation.Parameters ?? [])
                {
                    if (parameter is OpenApiParameter { Description: null } described && parameter.Name is { } name
                        && Descriptions.TryGetValue(name, out var text))
                    {
                        described.Description = text;
                    }
                }
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Scheme, document)] = [] });
            }
        }
        return Task.CompletedTask;
    }
}
