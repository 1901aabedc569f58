using System.Net;
using System.Text;
using Loyalty.Host.Tests.Support;
using static Loyalty.Host.Tests.Support.Api;

namespace Loyalty.Host.Tests;

/// <summary>
/// Idempotency that survives a re-serialising till (issue 14, item 5): the fingerprint is over the parsed, normalised
/// request, so 100 == 100.00, 1.0 == 1 and an explicit default == an omitted field.
/// </summary>
public sealed class IdempotencyNormalisationTests : IAsyncLifetime
{
    private readonly LoyaltyApp _app = new();
    private string _member = "";
    private string _card = "";

    public async Task InitializeAsync() => (_member, _card) = await _app.Clerk.MemberWithCard(birthday: "1990-01-01");

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    private Task<HttpResponseMessage> Raw(string path, string json) =>
        _app.Clerk.PostAsync(path, new StringContent(json.Replace("CARD", _card).Replace("MEMBER", _member), Encoding.UTF8, "application/json"));

    [Theory]
    [InlineData("""{"checkoutId":"n-1","storeId":"S001","cardNumber":"CARD","lines":[{"sku":"A","category":"food","quantity":2.0,"unitPrice":100.00,"specialPrice":false}],"redeemPoints":0,"storedValueAmount":0}""")]
    [InlineData("""{"lines":[{"unitPrice":100.0,"quantity":2.000,"category":"food","sku":"A"}],"storeId":"S001","checkoutId":"n-1","cardNumber":"CARD","couponCode":null}""")]
    public async Task A_re_serialised_checkout_is_the_same_checkout(string repeat)
    {
        var first = await (await Raw("/api/v1/checkouts",
            """{"checkoutId":"n-1","storeId":"S001","cardNumber":"CARD","lines":[{"sku":"A","category":"food","quantity":2,"unitPrice":100}]}""")).Json(HttpStatusCode.OK);

        var again = await (await Raw("/api/v1/checkouts", repeat)).Json(HttpStatusCode.OK);

        Assert.Equal(first.ToJsonString(), again.ToJsonString());
        Assert.Equal(190, (await _app.Clerk.Member(_member)).Available());
    }

    [Fact]
    public async Task A_phone_written_another_way_is_the_same_checkout()
    {
        await _app.Clerk.RegisterMember("Gao Yan", "13900000777");
        var first = await (await Raw("/api/v1/checkouts",
            """{"checkoutId":"n-2","storeId":"S001","phone":"13900000777","name":"Gao Yan","lines":[{"sku":"A","category":"food","quantity":1,"unitPrice":10}]}""")).Json(HttpStatusCode.OK);

        var again = await (await Raw("/api/v1/checkouts",
            """{"checkoutId":"n-2","storeId":"S001","phone":"+86 139-0000-0777","name":" Gao Yan ","lines":[{"sku":"A","category":"food","quantity":1.00,"unitPrice":10.0}]}""")).Json(HttpStatusCode.OK);

        Assert.Equal(first.ToJsonString(), again.ToJsonString());
    }

    [Fact]
    public async Task Another_amount_is_still_another_checkout()
    {
        await (await Raw("/api/v1/checkouts",
            """{"checkoutId":"n-3","storeId":"S001","cardNumber":"CARD","lines":[{"sku":"A","category":"food","quantity":2,"unitPrice":100}]}""")).Json(HttpStatusCode.OK);

        await (await Raw("/api/v1/checkouts",
            """{"checkoutId":"n-3","storeId":"S001","cardNumber":"CARD","lines":[{"sku":"A","category":"food","quantity":2,"unitPrice":100.01}]}""")).Problem(HttpStatusCode.Conflict, "idempotency_mismatch");
    }

    [Fact]
    public async Task A_re_serialised_refund_is_the_same_refund()
    {
        await _app.Clerk.CheckoutOk(Basket("r-n", _card, Line("A", 3, 10m), Line("B", 1, 50m)));
        var first = await (await _app.Manager.PostAsync("/api/v1/checkouts/r-n/refunds",
            new StringContent("""{"refundId":"rf-1","lines":[{"sku":"A","quantity":1}]}""", Encoding.UTF8, "application/json"))).Json(HttpStatusCode.OK);

        var again = await (await _app.Manager.PostAsync("/api/v1/checkouts/r-n/refunds",
            new StringContent("""{"lines":[{"quantity":1.000,"sku":"A"}],"refundId":"rf-1"}""", Encoding.UTF8, "application/json"))).Json(HttpStatusCode.OK);

        Assert.Equal(first.ToJsonString(), again.ToJsonString());
    }

    [Fact]
    public async Task A_re_serialised_adjustment_and_transfer_are_the_same_operations()
    {
        await _app.Grant(_member, 500);
        var other = await _app.Clerk.NewMemberId();
        var adjust = await (await _app.Manager.PostAsync($"/api/v1/members/{_member}/adjustments",
            new StringContent("""{"adjustmentId":"ad-1","points":100,"reason":"goodwill"}""", Encoding.UTF8, "application/json"))).Json(HttpStatusCode.OK);
        var adjustAgain = await (await _app.Manager.PostAsync($"/api/v1/members/{_member}/adjustments",
            new StringContent("""{"reason":" goodwill ","points":100,"adjustmentId":"ad-1"}""", Encoding.UTF8, "application/json"))).Json(HttpStatusCode.OK);
        Assert.Equal(adjust.ToJsonString(), adjustAgain.ToJsonString());

        var transfer = await (await _app.Clerk.Transfer(_member, "tr-1", other, 50)).Json(HttpStatusCode.OK);
        var transferAgain = await (await _app.Clerk.PostAsync($"/api/v1/members/{_member}/transfers",
            new StringContent($$"""{"points":50,"toMemberId":"{{other}}","transferId":"tr-1"}""", Encoding.UTF8, "application/json"))).Json(HttpStatusCode.OK);
        Assert.Equal(transfer.ToJsonString(), transferAgain.ToJsonString());
        Assert.Equal(550, (await _app.Clerk.Member(_member)).Available());
    }
}
