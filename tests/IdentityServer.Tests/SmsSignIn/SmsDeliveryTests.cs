using System.Net;
using IdentityServer.Tests.Infrastructure;
using IdentityServer.Tests.Messaging;

namespace IdentityServer.Tests.SmsSignIn;

/// <summary>The SMS fixture's tenants with Vonage as the provider: a fake Vonage on 127.0.0.1 that accepts one phone and refuses the others.</summary>
public sealed class VonageSmsFixture : SmsFixture
{
    public const string AcceptedPhone = "+14155557001";
    public FakeVonage Vonage { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Vonage = await FakeVonage.StartAsync((request, _) => request.Form.GetValueOrDefault("to") == AcceptedPhone[1..]
            ? VonageReply.Accepted("0A00000000DLR001")
            : VonageReply.Refused("9", "Partner quota exceeded"));
        Factory.Settings["Sms:Provider"] = "Vonage";
        Factory.Settings["Sms:Vonage:BaseUrl"] = Vonage.BaseUrl;
        Factory.Settings["Sms:Vonage:ApiKey"] = "test-key";
        Factory.Settings["Sms:Vonage:ApiSecret"] = "test-secret";
        Factory.Settings["Sms:Vonage:From"] = "IdPlatform";
        Factory.Settings["Sms:Vonage:RetryDelay"] = "00:00:00.010";
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Vonage.DisposeAsync();
    }
}

public sealed class SmsDeliveryTests(VonageSmsFixture server) : IClassFixture<VonageSmsFixture>
{
    [Fact]
    public async Task AcceptedByVonage_ThenItsDeliveryReceipt_IsRecordedOnTheCode()
    {
        var otp = await server.StartOkAsync("quick", VonageSmsFixture.AcceptedPhone);
        SendQueueDrain.Wait(server.Factory);
        var sent = server.Vonage.Requests.Single(r => r.Form["to"] == "14155557001");
        Assert.Equal("14155557001", sent.Form["to"]);
        Assert.EndsWith("#" + sent.Form["text"].Split('#').Last(), sent.Form["text"]);
        // Our reference for the message is its otp_id: Vonage echoes it in the receipt.
        Assert.Equal(otp, sent.Form["client-ref"]);

        var receipt = await server.Api.Http.PostAsync("/webhooks/vonage/delivery-receipt", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["messageId"] = "0A00000000DLR001",
            ["msisdn"] = "14155557001",
            ["to"] = "IdPlatform",
            ["status"] = "delivered",
            ["err-code"] = "0",
            ["client-ref"] = otp,
        }));
        Assert.Equal(HttpStatusCode.NoContent, receipt.StatusCode);

        await using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(server.Factory.DataDirectory, "identity.db")}");
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = "SELECT ProviderMessageId || '|' || DeliveryStatus FROM OneTimeCodes WHERE Id = $id";
        command.Parameters.AddWithValue("$id", otp);
        Assert.Equal("0A00000000DLR001|delivered", (string)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task ProviderRefusalForGood_AfterTheStartAnswered_VoidsTheCode_AndIsAudited()
    {
        // The start answers before the provider is asked (SPEC 4.1: the text goes to the send queue).
        var otp = await server.StartOkAsync("quick", "+14155557002");
        SendQueueDrain.Wait(server.Factory);
        var refused = server.Vonage.Requests.Single(r => r.Form["to"] == "14155557002");
        Assert.Empty(SmsOutbox.To(server.Factory, "+14155557002"));

        // The code the provider refused can never arrive: voided, even for whoever read it elsewhere.
        var code = refused.Form["text"].Split('#').Last().Trim();
        Assert.Equal("invalid_grant", (await Api.ReadJsonAsync(await server.GrantAsync("quick", otp, code)))["error"]!.GetValue<string>());

        // The code was recorded as sent in the same write as the code itself; the refusal follows it in the log.
        var audit = await server.Api.CallOkAsync(HttpMethod.Get, "/tenants/quick/audit?action=sms.&page_size=200");
        var actions = audit["items"]!.AsArray().Where(e => e!["target"]!.GetValue<string>() == "+1******7002")
            .Select(e => e!["action"]!.GetValue<string>()).ToList();
        Assert.Contains("sms.code_sent", actions);
        Assert.Contains("sms.delivery_failed", actions);
    }
}
