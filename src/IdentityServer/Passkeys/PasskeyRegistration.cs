using System.Text;
using Fido2NetLib;
using Fido2NetLib.Objects;
using IdentityServer.Audit;
using IdentityServer.Data;
using IdentityServer.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace IdentityServer.Passkeys;

/// <summary>
/// Adds a passkey to a user (issue 16 point 2) through Fido2: options with attestation "none", user
/// verification preferred, a discoverable credential preferred (so it can sign in on its own) and the
/// user's passkeys excluded; the answer checked against the stored, single-use challenge.
/// </summary>
internal sealed class PasskeyRegistration(PlatformDbContext db, RelyingParty rp, PasskeyChallengeStore challenges, TenantContext tenant,
    AuditLog audit, TimeProvider time)
{
    public const int MaxPasskeys = 20;
    public const int MaxNameLength = 64;

    /// <summary>The creation options (WebAuthn JSON) for the browser or app; bound to the user and, in a sign-in, its ticket.</summary>
    public async Task<string> BeginAsync(PlatformUser user, string? ticketId, CancellationToken ct)
    {
        var existing = await db.Passkeys.Where(p => p.UserId == user.Id).Select(p => p.CredentialId).ToListAsync(ct);
        var options = rp.For(tenant.Required.DisplayName).RequestNewCredential(new RequestNewCredentialParams
        {
            User = new Fido2User { Id = UserHandle(user), Name = user.Email ?? user.PhoneNumber ?? user.Id, DisplayName = DisplayName(user) },
            ExcludeCredentials = existing.Select(id => new PublicKeyCredentialDescriptor(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(id))).ToList(),
            AuthenticatorSelection = new AuthenticatorSelection
            {
                ResidentKey = ResidentKeyRequirement.Preferred,
                UserVerification = UserVerificationRequirement.Preferred,
            },
            AttestationPreference = AttestationConveyancePreference.None,
            Extensions = new AuthenticationExtensionsClientInputs { CredProps = true },
        });
        var json = options.ToJson();
        await challenges.SaveAsync(options.Challenge, PasskeyPurpose.Register, user.Id, ticketId, json, ct);
        return json;
    }

    /// <summary>
    /// Checks the authenticator's answer; a good one becomes a tracked Passkey row, the user's count goes up and an
    /// audit event is queued: the caller saves them with the user (UserManager.UpdateAsync, whose concurrency stamp decides races).
    /// </summary>
    public async Task<PasskeyOutcome> CompleteAsync(PlatformUser user, string? ticketId, string? answerJson, string? name, CancellationToken ct)
    {
        var answer = PasskeyJson.Attestation(answerJson);
        if (answer is null)
        {
            return new PasskeyOutcome.Failed("malformed");
        }
        if (user.PasskeyCount >= MaxPasskeys)
        {
            return new PasskeyOutcome.Failed("too_many");
        }
        if (await challenges.TakeAsync(PasskeyJson.Challenge(answer.Response.ClientDataJson), PasskeyPurpose.Register, user.Id, ticketId, ct) is not { } optionsJson)
        {
            return new PasskeyOutcome.Failed("challenge");
        }
        RegisteredPublicKeyCredential credential;
        try
        {
            credential = await rp.For(tenant.Required.DisplayName).MakeNewCredentialAsync(new MakeNewCredentialParams
            {
                AttestationResponse = answer,
                OriginalOptions = CredentialCreateOptions.FromJson(optionsJson),
                IsCredentialIdUniqueToUserCallback = async (args, token) =>
                {
                    var id = PasskeyJson.Base64Url(args.CredentialId);
                    return !await db.Passkeys.AnyAsync(p => p.CredentialId == id, token);
                },
            }, ct);
        }
        catch (Fido2VerificationException e)
        {
            return new PasskeyOutcome.Failed(e.Message);
        }
        var passkey = new Passkey
        {
            Id = Guid.NewGuid().ToString("N"),
            UserId = user.Id,
            CredentialId = PasskeyJson.Base64Url(credential.Id),
            PublicKey = credential.PublicKey,
            UserHandle = credential.User.Id,
            SignCount = credential.SignCount,
            Name = CleanName(name, user.PasskeyCount + 1),
            Transports = credential.Transports is { Length: > 0 } t ? string.Join(' ', t.Select(x => x.ToString().ToLowerInvariant())) : null,
            AaGuid = credential.AaGuid,
            BackupEligible = credential.IsBackupEligible,
            CreatedAt = time.GetUtcNow(),
        };
        db.Passkeys.Add(passkey);
        user.PasskeyCount++;
        audit.Add("user:" + user.Id, AuditActions.PasskeyEnrolled, "user:" + user.Id,
            new { passkey_id = passkey.Id, name = passkey.Name, backup_eligible = passkey.BackupEligible, in_sign_in = ticketId is not null });
        return new PasskeyOutcome.Registered(passkey, PasskeyJson.UserVerifiedAtRegistration(answer.Response.AttestationObject));
    }

    /// <summary>Removes one of the user's passkeys in memory (the caller checked U3, Mfa/FactorRemoval, and saves with the user); null when it is not theirs.</summary>
    public async Task<Passkey?> RemoveAsync(PlatformUser user, string? passkeyId, string actor, CancellationToken ct)
    {
        var passkey = passkeyId is { Length: <= 32 } ? await db.Passkeys.FirstOrDefaultAsync(p => p.Id == passkeyId && p.UserId == user.Id, ct) : null;
        if (passkey is null)
        {
            return null;
        }
        db.Passkeys.Remove(passkey);
        user.PasskeyCount--;
        audit.Add(actor, AuditActions.PasskeyRemoved, "user:" + user.Id, new { passkey_id = passkey.Id, name = passkey.Name });
        return passkey;
    }

    /// <summary>The user handle an authenticator keeps with a discoverable credential: the user's id, nothing personal.</summary>
    public static byte[] UserHandle(PlatformUser user) => Encoding.UTF8.GetBytes(user.Id);

    private static string DisplayName(PlatformUser user) =>
        string.Join(' ', new[] { user.GivenName, user.FamilyName }.Where(n => !string.IsNullOrWhiteSpace(n))) is { Length: > 0 } full
            ? full : user.Email ?? user.PhoneNumber ?? user.Id;

    private static string CleanName(string? name, int number)
    {
        var clean = new string((name ?? "").Where(c => !char.IsControl(c)).ToArray()).Trim();
        return clean.Length == 0 ? $"Passkey {number}" : clean.Length > MaxNameLength ? clean[..MaxNameLength] : clean;
    }
}
