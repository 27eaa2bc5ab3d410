using System.Text.Json;
using Fido2NetLib;

namespace IdentityServer.Passkeys;

/// <summary>
/// Reading a browser's (or a native app's) answer: the WebAuthn JSON of PublicKeyCredential.toJSON(),
/// base64url fields. A malformed answer is null, never an exception to the caller.
/// </summary>
internal static class PasskeyJson
{
    public const int MaxLength = 16_000;

    public static AuthenticatorAssertionRawResponse? Assertion(string? json) => Parse<AuthenticatorAssertionRawResponse>(json,
        r => r.RawId is { Length: > 0 } && r.Response is { AuthenticatorData.Length: >= 37, Signature.Length: > 0, ClientDataJson.Length: > 0 });

    public static AuthenticatorAttestationRawResponse? Attestation(string? json) => Parse<AuthenticatorAttestationRawResponse>(json,
        r => r.RawId is { Length: > 0 } && r.Response is { AttestationObject.Length: > 0, ClientDataJson.Length: > 0 });

    /// <summary>The challenge the client data names (base64url), the key of the stored ceremony.</summary>
    public static string? Challenge(byte[] clientDataJson)
    {
        try
        {
            using var doc = JsonDocument.Parse(clientDataJson);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("challenge", out var c)
                && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The UV flag of authenticator data (byte 32, bit 2): the user was verified (PIN or biometric).</summary>
    public static bool UserVerified(byte[] authenticatorData) => authenticatorData.Length > 32 && (authenticatorData[32] & 0x04) != 0;

    /// <summary>The UV flag of a registration: the authenticator data inside the attestation object (CBOR map, key "authData").</summary>
    public static bool UserVerifiedAtRegistration(byte[] attestationObject)
    {
        try
        {
            var reader = new System.Formats.Cbor.CborReader(attestationObject);
            var entries = reader.ReadStartMap() ?? 0;
            for (var i = 0; i < entries; i++)
            {
                if (reader.ReadTextString() == "authData")
                {
                    return UserVerified(reader.ReadByteString());
                }
                reader.SkipValue();
            }
        }
        catch (Exception e) when (e is System.Formats.Cbor.CborContentException or InvalidOperationException)
        {
            return false;
        }
        return false;
    }

    public static string Base64Url(byte[] bytes) => Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(bytes);

    private static T? Parse<T>(string? json, Func<T, bool> complete) where T : class
    {
        if (json is not { Length: > 0 and <= MaxLength })
        {
            return null;
        }
        try
        {
            var parsed = JsonSerializer.Deserialize<T>(json);
            return parsed is not null && complete(parsed) ? parsed : null;
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException or NotSupportedException or InvalidOperationException)
        {
            return null;
        }
    }
}
