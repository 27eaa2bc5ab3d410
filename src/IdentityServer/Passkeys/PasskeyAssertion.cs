using Fido2NetLib;
using Fido2NetLib.Exceptions;
using Fido2NetLib.Objects;
using IdentityServer.Audit;
using IdentityServer.Data;
using IdentityServer.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace IdentityServer.Passkeys;

/// <summary>
/// Signs in with a passkey (issue 16 points 3-5): assertion options bound to the user and ticket (or to
/// nobody, for a discoverable first factor), and the answer checked by Fido2 against the stored key, the
/// single-use challenge, the RP id and origin. The signature counter must move forward: a counter that
/// does not is a cloned authenticator, refused and audited. User verification is preferred as a second
/// factor and required as the first.
/// </summary>
internal sealed class PasskeyAssertion(PlatformDbContext db, RelyingParty rp, PasskeyChallengeStore challenges, TenantContext tenant,
    AuditLog audit, TimeProvider time)
{
    /// <summary>The request options (WebAuthn JSON): the user's passkeys, or none for a discoverable sign-in (<paramref name="userId"/> null).</summary>
    public async Task<string> BeginAsync(string? userId, string? ticketId, string purpose, CancellationToken ct)
    {
        var allowed = userId is null ? [] : await db.Passkeys.Where(p => p.UserId == userId).Select(p => p.CredentialId).ToListAsync(ct);
        var options = rp.For(tenant.Required.DisplayName).GetAssertionOptions(new GetAssertionOptionsParams
        {
            AllowedCredentials = allowed.Select(id => new PublicKeyCredentialDescriptor(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(id))).ToList(),
            // UV preferred; required where the passkey is the only factor.
            UserVerification = purpose == PasskeyPurpose.FirstFactor ? UserVerificationRequirement.Required : UserVerificationRequirement.Preferred,
        });
        var json = options.ToJson();
        await challenges.SaveAsync(options.Challenge, purpose, userId, ticketId, json, ct);
        return json;
    }

    /// <summary>
    /// Checks an answer to a challenge of <paramref name="purpose"/> bound to <paramref name="userId"/> and <paramref name="ticketId"/>
    /// (a first factor names no user: the credential does). Success moves the stored counter forward at once and queues a
    /// passkey.used event for the caller's save.
    /// </summary>
    public async Task<PasskeyOutcome> VerifyAsync(string? answerJson, string purpose, string? userId, string? ticketId, CancellationToken ct)
    {
        var answer = PasskeyJson.Assertion(answerJson);
        if (answer is null)
        {
            return new PasskeyOutcome.Failed("malformed");
        }
        var credentialId = PasskeyJson.Base64Url(answer.RawId);
        var passkey = await db.Passkeys.FirstOrDefaultAsync(p => p.CredentialId == credentialId, ct);
        if (passkey is null || userId is not null && passkey.UserId != userId)
        {
            return new PasskeyOutcome.Failed("unknown_credential");
        }
        if (await challenges.TakeAsync(PasskeyJson.Challenge(answer.Response.ClientDataJson), purpose, userId, ticketId, ct) is not { } optionsJson)
        {
            return new PasskeyOutcome.Failed("challenge");
        }
        VerifyAssertionResult result;
        try
        {
            result = await rp.For(tenant.Required.DisplayName).MakeAssertionAsync(new MakeAssertionParams
            {
                AssertionResponse = answer,
                OriginalOptions = AssertionOptions.FromJson(optionsJson),
                StoredPublicKey = passkey.PublicKey,
                StoredSignatureCounter = (uint)passkey.SignCount,
                IsUserHandleOwnerOfCredentialIdCallback = (args, _) => Task.FromResult(args.UserHandle.AsSpan().SequenceEqual(passkey.UserHandle)),
            }, ct);
        }
        catch (Fido2VerificationException e) when (e.Code == Fido2ErrorCode.InvalidSignCount)
        {
            await audit.WriteAsync("user:" + passkey.UserId, AuditActions.PasskeyCloneSuspected, "user:" + passkey.UserId,
                new { passkey_id = passkey.Id, name = passkey.Name, stored_counter = passkey.SignCount, purpose }, ct);
            return new PasskeyOutcome.Cloned(passkey);
        }
        catch (Fido2VerificationException e)
        {
            return new PasskeyOutcome.Failed(e.Message);
        }
        // The counter moves forward once: of two answers that passed with the same stored counter, one wins.
        var stored = passkey.SignCount;
        var now = time.GetUtcNow();
        var moved = await db.Passkeys.Where(p => p.Id == passkey.Id && p.SignCount == stored)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.SignCount, (long)result.SignCount).SetProperty(p => p.LastUsedAt, now), ct);
        if (moved != 1)
        {
            return new PasskeyOutcome.Failed("counter_race");
        }
        passkey.SignCount = result.SignCount;
        passkey.LastUsedAt = now;
        db.Entry(passkey).State = EntityState.Unchanged;
        var verified = PasskeyJson.UserVerified(answer.Response.AuthenticatorData);
        audit.Add("user:" + passkey.UserId, AuditActions.PasskeyUsed, "user:" + passkey.UserId,
            new { passkey_id = passkey.Id, name = passkey.Name, purpose, user_verified = verified });
        return new PasskeyOutcome.Verified(passkey, verified);
    }
}
