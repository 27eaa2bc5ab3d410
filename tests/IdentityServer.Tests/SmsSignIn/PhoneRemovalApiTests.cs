using System.Net;
using System.Text.Json.Nodes;
using IdentityServer.Tests.Infrastructure;

namespace IdentityServer.Tests.SmsSignIn;

/// <summary>
/// SPEC 6 U3 on every path of the management API (issue 12 point 12): DELETE users/{id}/phone and PUT users/{id}
/// refuse to take away the phone of a user whose only first factor is SMS, as the security page does; a save that
/// loses a race is the contract's 409, never a 500 and never an audited change that did not happen. SQLite and PostgreSQL.
/// </summary>
public abstract class PhoneRemovalApiTestsBase<TFixture>(TFixture server) where TFixture : SmsFixture
{
    [Fact]
    public async Task U3_ThePhoneOfAPhoneOnlyUser_IsNeitherDeletedNorUnverifiedNorReplaced_UntilTheyHaveAPassword()
    {
        var created = await server.Api.CallOkAsync(HttpMethod.Post, "/tenants/quick/users",
            new { phone_number = "+14155557201", phone_number_verified = true });
        var id = created["id"]!.GetValue<string>();

        // DELETE .../phone: refused with the reason, as the account security page refuses it.
        await AssertWouldLockOutAsync(await server.Api.CallAsync(HttpMethod.Delete, $"/tenants/quick/users/{id}/phone"));
        // PUT /users: unverifying the phone, or replacing it by an unverified number, takes it away just the same.
        await AssertWouldLockOutAsync(await server.Api.CallAsync(HttpMethod.Put, $"/tenants/quick/users/{id}",
            new { phone_number_verified = false }));
        await AssertWouldLockOutAsync(await server.Api.CallAsync(HttpMethod.Put, $"/tenants/quick/users/{id}",
            new { phone_number = "+14155557202" }));
        await AssertWouldLockOutAsync(await server.Api.CallAsync(HttpMethod.Patch, $"/tenants/quick/users/{id}",
            new { phone_number = "+14155557202", phone_number_verified = false }));

        var read = await server.Api.CallOkAsync(HttpMethod.Get, $"/tenants/quick/users/{id}");
        Assert.Equal("+14155557201", read["phone_number"]!.GetValue<string>());
        Assert.True(read["phone_number_verified"]!.GetValue<bool>());
        Assert.Empty(await PhoneRemovedEventsAsync(id));
        // Still signs in by SMS.
        server.PassCooldown();
        var otp = await server.StartOkAsync("quick", "+14155557201");
        Assert.Equal(HttpStatusCode.OK, (await server.GrantAsync("quick", otp, SmsOutbox.LastCode(server.Factory, "+14155557201"))).StatusCode);

        // Another verified number (the admin vouches for it) keeps a way in.
        await server.Api.CallOkAsync(HttpMethod.Put, $"/tenants/quick/users/{id}", new { phone_number = "+14155557203", phone_number_verified = true });
        // A password given in the same change is another way in: the phone may then lose its verification.
        await server.Api.CallOkAsync(HttpMethod.Put, $"/tenants/quick/users/{id}", new { password = "Ona-Passw0rd!", phone_number_verified = false });
        await server.Api.CallOkAsync(HttpMethod.Put, $"/tenants/quick/users/{id}", new { phone_number_verified = true });
        Assert.Equal(HttpStatusCode.NoContent, (await server.Api.CallAsync(HttpMethod.Delete, $"/tenants/quick/users/{id}/phone")).StatusCode);
        Assert.Null((await server.Api.CallOkAsync(HttpMethod.Get, $"/tenants/quick/users/{id}"))["phone_number"]);
        Assert.Single(await PhoneRemovedEventsAsync(id));
    }

    [Fact]
    public async Task TwentyParallelDeletesOfOnePhone_RemoveItOnce_TheOthersGetProblems_NoServerError()
    {
        var id = await server.Api.CreateUserAsync("quick", "race@quick.example", "Race-Passw0rd!");
        await server.Api.CallOkAsync(HttpMethod.Post, $"/tenants/quick/users/{id}/phone", new { phone_number = "+14155557204", verify = false });
        await server.Api.CallOkAsync(HttpMethod.Get, $"/tenants/quick/users/{id}"); // the admin token is cached before the burst

        var responses = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(_ => server.Api.CallAsync(HttpMethod.Delete, $"/tenants/quick/users/{id}/phone")));

        var statuses = responses.Select(r => (int)r.StatusCode).ToList();
        Assert.DoesNotContain(statuses, s => s >= 500);
        // Exactly one removal; a loser of the race gets 409 (its save failed) or 404 (the phone was gone when it read).
        Assert.Single(statuses, s => s == 204);
        foreach (var loser in responses.Where(r => r.StatusCode != HttpStatusCode.NoContent))
        {
            Assert.Contains(loser.StatusCode, new[] { HttpStatusCode.Conflict, HttpStatusCode.NotFound });
            Assert.Equal("application/problem+json", loser.Content.Headers.ContentType?.MediaType);
        }
        Assert.Single(await PhoneRemovedEventsAsync(id));
        Assert.Null((await server.Api.CallOkAsync(HttpMethod.Get, $"/tenants/quick/users/{id}"))["phone_number"]);
    }

    private static async Task AssertWouldLockOutAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Conflict, $"{response.RequestMessage?.Method}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!;
        Assert.Equal("would_lock_out", problem["error"]!.GetValue<string>());
        Assert.Contains("only way to sign in", problem["detail"]!.GetValue<string>());
        Assert.Contains("password first", problem["detail"]!.GetValue<string>());
    }

    private async Task<List<JsonNode>> PhoneRemovedEventsAsync(string id) =>
        (await server.Api.CallOkAsync(HttpMethod.Get, "/tenants/quick/audit?action=phone.removed&page_size=200"))["items"]!.AsArray()
            .Select(e => e!).Where(e => e["target"]?.GetValue<string>() == "user:" + id).ToList();
}

public sealed class PhoneRemovalApiTests(SmsFixture server) : PhoneRemovalApiTestsBase<SmsFixture>(server), IClassFixture<SmsFixture>;

public sealed class PhoneRemovalOnPostgreSqlTests(SmsOnPostgreSqlFixture server)
    : PhoneRemovalApiTestsBase<SmsOnPostgreSqlFixture>(server), IClassFixture<SmsOnPostgreSqlFixture>;
