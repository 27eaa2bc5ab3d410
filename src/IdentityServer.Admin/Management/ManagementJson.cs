using System.Text.Json;

namespace IdentityServer.Admin.Management;

/// <summary>The management API speaks snake_case (SPEC 7).</summary>
internal static class ManagementJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };
}
