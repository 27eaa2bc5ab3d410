using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace IdentityServer.Tests.Messaging;

/// <summary>POST /webhooks/vonage/delivery-receipt with Sms__Vonage__SignatureSecret set (SPEC 4.4).</summary>
public sealed class VonageDeliveryReceiptTests(ReceiptsFixture fixture) : IClassFixture<ReceiptsFixture>
{
    private const string Path = "/webhooks/vonage/delivery-receipt";

    private bool Recorded(string messageId) => fixture.Receipts.Recorded.Any(r => r.MessageId == messageId);

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<Dictionary<string, object>>();
        Assert.Equal((int)status, int.Parse(problem!["status"].ToString()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Receipt_SignedForm_Returns204AndIsRecorded()
    {
        var response = await fixture.PostFormAsync(fixture.Receipt("form-1", "delivered"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Contains(fixture.Receipts.Recorded, r => r == ("form-1", "delivered", "0"));
    }

    [Fact]
    public async Task Receipt_SignedJson_Returns204AndIsRecorded()
    {
        var response = await fixture.Http.PostAsJsonAsync(Path, fixture.Receipt("json-1", "failed"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Contains(fixture.Receipts.Recorded, r => r.MessageId == "json-1" && r.Status == "failed");
    }

    [Fact]
    public async Task Receipt_SignedQueryString_Returns204AndIsRecorded()
    {
        var url = QueryHelpers.AddQueryString(Path, fixture.Receipt("query-1", "expired")!);

        var response = await fixture.Http.PostAsync(url, null);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.True(Recorded("query-1"));
    }

    [Fact]
    public async Task Receipt_ValueWithAmpersandAndEquals_VerifiesAsVonageSignsIt()
    {
        var receipt = fixture.Receipt("amp-1", secret: null);
        receipt["client-ref"] = "a&b=c";
        receipt["timestamp"] = fixture.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        receipt["sig"] = ReceiptsFixture.Sign(receipt, ReceiptsFixture.Secret, "md5hash");

        var response = await fixture.PostFormAsync(receipt);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task Receipt_WrongSignature_Returns401AndRecordsNothing()
    {
        var response = await fixture.PostFormAsync(fixture.Receipt("bad-1", secret: "not-the-secret"));

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.False(Recorded("bad-1"));
    }

    [Fact]
    public async Task Receipt_TamperedAfterSigning_Returns401()
    {
        var receipt = fixture.Receipt("tamper-1", "failed");
        receipt["status"] = "delivered";

        await AssertProblemAsync(await fixture.PostFormAsync(receipt), HttpStatusCode.Unauthorized);
        Assert.False(Recorded("tamper-1"));
    }

    [Fact]
    public async Task Receipt_Unsigned_Returns401()
    {
        await AssertProblemAsync(await fixture.PostFormAsync(fixture.Receipt("unsigned-1", secret: null)), HttpStatusCode.Unauthorized);
        Assert.False(Recorded("unsigned-1"));
    }

    [Fact]
    public async Task Receipt_SignedMoreThanFiveMinutesAgo_Returns401()
    {
        var receipt = fixture.Receipt("stale-1", sentAt: fixture.Clock.GetUtcNow().AddMinutes(-6));

        await AssertProblemAsync(await fixture.PostFormAsync(receipt), HttpStatusCode.Unauthorized);
        Assert.False(Recorded("stale-1"));
    }

    [Fact]
    public async Task Receipt_SignedFourMinutesAgo_IsAccepted()
    {
        var receipt = fixture.Receipt("recent-1", sentAt: fixture.Clock.GetUtcNow().AddMinutes(-4));

        Assert.Equal(HttpStatusCode.NoContent, (await fixture.PostFormAsync(receipt)).StatusCode);
    }

    [Fact]
    public async Task Receipt_GarbageJson_Returns400()
    {
        var response = await fixture.Http.PostAsync(Path, new StringContent("{\"messageId\": ", Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Receipt_SignedButWithoutMessageId_Returns400()
    {
        var receipt = fixture.Receipt("x");
        receipt.Remove("messageId");
        receipt["sig"] = ReceiptsFixture.Sign(receipt, ReceiptsFixture.Secret, "md5hash");

        await AssertProblemAsync(await fixture.PostFormAsync(receipt), HttpStatusCode.BadRequest);
    }
}

/// <summary>The webhook when no signature secret is configured.</summary>
public sealed class UnsignedVonageDeliveryReceiptTests(UnsignedReceiptsFixture fixture) : IClassFixture<UnsignedReceiptsFixture>
{
    private const string Path = "/webhooks/vonage/delivery-receipt";

    [Fact]
    public async Task Receipt_Unsigned_IsAccepted()
    {
        var response = await fixture.PostFormAsync(fixture.Receipt("plain-1", "delivered", secret: null));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Contains(fixture.Receipts.Recorded, r => r == ("plain-1", "delivered", "0"));
    }

    [Theory]
    [InlineData("application/json", "not json at all")]
    [InlineData("application/json", "[1, 2, 3]")]
    [InlineData("application/json", "{\"messageId\": {\"nested\": true}, \"status\": \"delivered\"}")]
    [InlineData("text/plain", "messageId=1&status=delivered")]
    [InlineData("application/x-www-form-urlencoded", "status=delivered")]
    [InlineData("application/x-www-form-urlencoded", "messageId=a&messageId=b&status=delivered")]
    public async Task Receipt_Malformed_Returns400ProblemJson(string contentType, string body)
    {
        var response = await fixture.Http.PostAsync(Path, new StringContent(body, Encoding.UTF8, contentType));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Receipt_LargerThan16KiB_Returns413ProblemJson()
    {
        var body = $"{{\"messageId\":\"big-1\",\"status\":\"delivered\",\"pad\":\"{new string('y', 20_000)}\"}}";

        var response = await fixture.Http.PostAsync(Path, new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(fixture.Receipts.Recorded, r => r.MessageId == "big-1");
    }

    [Fact]
    public async Task Receipt_SameParameterInQueryAndBody_Returns400()
    {
        var response = await fixture.Http.PostAsync(Path + "?messageId=q-1",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["messageId"] = "q-2", ["status"] = "delivered" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
