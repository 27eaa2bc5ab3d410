using Microsoft.Playwright;

namespace IdentityServer.Tests.Passkeys;

/// <summary>
/// Chromium's virtual authenticator (the DevTools protocol's WebAuthn domain through Playwright's CDP
/// session): a CTAP2 platform authenticator with resident keys and user verification, so that passkey
/// ceremonies run for real in the page. Also makes answers for the API path from a page on the origin.
/// </summary>
public sealed class VirtualAuthenticator
{
    private readonly ICDPSession _cdp;

    private VirtualAuthenticator(ICDPSession cdp, string id) => (_cdp, Id) = (cdp, id);

    public string Id { get; }

    public static async Task<VirtualAuthenticator> AttachAsync(IPage page, bool userVerified = true)
    {
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("WebAuthn.enable", new Dictionary<string, object> { ["enableUI"] = false });
        var added = await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2",
                ["transport"] = "internal",
                ["hasResidentKey"] = true,
                ["hasUserVerification"] = true,
                ["isUserVerified"] = userVerified,
                ["automaticPresenceSimulation"] = true,
            },
        });
        return new VirtualAuthenticator(cdp, added!.Value.GetProperty("authenticatorId").GetString()!);
    }

    /// <summary>The credentials the authenticator holds, with their sign counts.</summary>
    public async Task<List<(string CredentialId, long SignCount)>> CredentialsAsync()
    {
        var result = await _cdp.SendAsync("WebAuthn.getCredentials", new Dictionary<string, object> { ["authenticatorId"] = Id });
        return result!.Value.GetProperty("credentials").EnumerateArray()
            .Select(c => (c.GetProperty("credentialId").GetString()!, c.GetProperty("signCount").GetInt64())).ToList();
    }

    public Task SetUserVerifiedAsync(bool verified) =>
        _cdp.SendAsync("WebAuthn.setUserVerified", new Dictionary<string, object> { ["authenticatorId"] = Id, ["isUserVerified"] = verified });

    /// <summary>navigator.credentials.create with the server's creation options, in the page; the answer as the server reads it.</summary>
    public static Task<string> CreateAsync(IPage page, string optionsJson) => page.EvaluateAsync<string>(Script + "create(" + optionsJson + "); }");

    /// <summary>navigator.credentials.get with the server's request options, in the page; the answer as the server reads it.</summary>
    public static Task<string> GetAsync(IPage page, string optionsJson) => page.EvaluateAsync<string>(Script + "get(" + optionsJson + "); }");

    // The same conversions as wwwroot/js/passkeys.js, for answers sent through the API (as a native app would).
    private const string Script = """
        async () => {
          const buf = s => { s = s.replace(/-/g, '+').replace(/_/g, '/'); while (s.length % 4) s += '='; return Uint8Array.from(atob(s), c => c.charCodeAt(0)).buffer; };
          const b64 = b => btoa(String.fromCharCode(...new Uint8Array(b))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
          const clean = v => Array.isArray(v) ? v.map(clean) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => [k, clean(x)])) : v;
          const answer = c => { const r = c.response, o = { id: c.id, rawId: b64(c.rawId), type: c.type, clientExtensionResults: c.getClientExtensionResults(), response: { clientDataJSON: b64(r.clientDataJSON) } };
            if (r.attestationObject) { o.response.attestationObject = b64(r.attestationObject); o.response.transports = r.getTransports(); }
            else { o.response.authenticatorData = b64(r.authenticatorData); o.response.signature = b64(r.signature); if (r.userHandle) o.response.userHandle = b64(r.userHandle); }
            return JSON.stringify(o); };
          const create = async o => { o = clean(o); o.challenge = buf(o.challenge); o.user.id = buf(o.user.id); (o.excludeCredentials || []).forEach(c => c.id = buf(c.id)); return answer(await navigator.credentials.create({ publicKey: o })); };
          const get = async o => { o = clean(o); o.challenge = buf(o.challenge); (o.allowCredentials || []).forEach(c => c.id = buf(c.id)); return answer(await navigator.credentials.get({ publicKey: o })); };
          return await 
        """;
}
