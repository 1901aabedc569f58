using System.Net;
using System.Text;
using Loyalty.Host.Tests.Support;
using static Loyalty.Host.Tests.Support.Api;

namespace Loyalty.Host.Tests;

/// <summary>Bad input gets a clear ProblemDetails and changes nothing.</summary>
public sealed class BadInputTests(SharedApp shared) : IClassFixture<SharedApp>, IAsyncLifetime
{
    private readonly LoyaltyApp _app = shared.App;
    private string _memberId = "";
    private string _card = "";

    public async Task InitializeAsync()
    {
        (_memberId, _card) = await _app.Clerk.MemberWithCard(birthday: "1990-01-01");
        await _app.Clerk.CheckoutOk(Basket($"seed-{_memberId}", _card, Line("A", 1, 100m)));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string, string> InvalidCheckouts => new()
    {
        { "negative quantity", """{"checkoutId":"b1","storeId":"S001","cardNumber":"CARD","lines":[{"sku":"A","category":"food","quantity":-1,"unitPrice":10}]}""" },
        { "zero quantity", """{"checkoutId":"b1","storeId":"S001","cardNumber":"CARD","lines":[{"sku":"A","category":"food","quantity":0,"unitPrice":10}]}""" },
        { "negative price", """{"checkoutId":"b1","storeId":"S001","cardNumber":"CARD","lines":[{"sku":"A","category":"food","quantity":1,"unitPrice":-10}]}""" },
        { "three decimals in a price", """{"checkoutId":"b1","storeId":"S001","cardNumber":"CARD","lines":[{"sku":"A","category":"food","quantity":1,"unitPrice":10.005}]}""" },
        { "missing lines", """{"checkoutId":"b1","storeId":"S001","cardNumber":"CARD"}""" },
        { "empty lines", """{"checkoutId":"b1","storeId":"S001","cardNumber":"CARD","lines":[]}""" },
        { "missing checkout id", """{"storeId":"S001","cardNumber":"CARD","lines":[{"sku":"A","category":"food","quantity":1,"unitPrice":10}]}""" },
        { "missing store", """{"checkoutId":"b1","cardNumber":"CARD","lines":[{"sku":"A","category":"food","quantity":1,"unitPrice":10}]}""" },
        { "missing sku", """{"checkoutId":"b1","storeId":"S001","cardNumber":"CARD","lines":[{"category":"food","quantity":1,"unitPrice":10}]}""" },
        { "missing price", """{"checkoutId":"b1","storeId":"S001","cardNumber":"CARD","lines":[{"sku":"A","category":"food","quantity":1}]}""" },
        { "no member named", """{"checkoutId":"b1","storeId":"S001","lines":[{"sku":"A","category":"food","quantity":1,"unitPrice":10}]}""" },
        { "absurd price", """{"checkoutId":"b1","storeId":"S001","cardNumber":"CARD","lines":[{"sku":"A","category":"food","quantity":1,"unitPrice":1e27}]}""" },
        { "absurd quantity", """{"checkoutId":"b1","storeId":"S001","cardNumber":"CARD","lines":[{"sku":"A","category":"food","quantity":99999999999999999999,"unitPrice":1}]}""" },
        { "number beyond decimal", """{"checkoutId":"b1","storeId":"S001","cardNumber":"CARD","lines":[{"sku":"A","category":"food","quantity":1,"unitPrice":1e400}]}""" },
        { "negative points", """{"checkoutId":"b1","storeId":"S001","cardNumber":"CARD","redeemPoints":-100,"lines":[{"sku":"A","category":"food","quantity":1,"unitPrice":10}]}""" },
        { "fractional points", """{"checkoutId":"b1","storeId":"S001","cardNumber":"CARD","redeemPoints":1.5,"lines":[{"sku":"A","category":"food","quantity":1,"unitPrice":10}]}""" },
        { "text for a number", """{"checkoutId":"b1","storeId":"S001","cardNumber":"CARD","lines":[{"sku":"A","category":"food","quantity":"two","unitPrice":10}]}""" },
        { "malformed JSON", """{"checkoutId":"b1","storeId":"S001","cardNumber":"CARD","lines":[{"sku":"A",""" },
        { "not an object", "[1,2,3]" },
        { "id with spaces", """{"checkoutId":"b 1","storeId":"S001","cardNumber":"CARD","lines":[{"sku":"A","category":"food","quantity":1,"unitPrice":10}]}""" },
    };

    [Theory]
    [MemberData(nameof(InvalidCheckouts))]
    public async Task An_invalid_checkout_is_a_validation_problem_and_changes_nothing(string why, string json)
    {
        var before = await Snapshot();

        var response = await _app.Clerk.PostAsync("/api/v1/checkouts", new StringContent(json.Replace("CARD", _card), Encoding.UTF8, "application/json"));

        var problem = await response.Problem(HttpStatusCode.BadRequest, "validation");
        Assert.False(string.IsNullOrEmpty(problem["detail"]?.GetValue<string>() ?? problem["errors"]?.ToJsonString()), why);
        Assert.Equal(before, await Snapshot());
    }

    [Fact]
    public async Task Ten_thousand_lines_are_refused_and_change_nothing()
    {
        var before = await Snapshot();
        var lines = Enumerable.Range(0, 10_000).Select(i => Line($"SKU{i}", 1, 1m)).ToArray();

        var response = await _app.Clerk.Checkout(Basket("huge", _card, lines));

        var problem = await response.Problem(HttpStatusCode.BadRequest, "validation");
        Assert.Contains("lines", problem["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(before, await Snapshot());
    }

    [Fact]
    public async Task An_unknown_card_is_not_found()
    {
        var response = await _app.Clerk.Checkout(Basket("unknown", "8899999999999999", Line("A", 1, 10m)));

        await response.Problem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Unknown_members_and_cards_are_not_found()
    {
        await (await _app.Clerk.GetAsync("/api/v1/members/M_NOPE")).Problem(HttpStatusCode.NotFound, "not_found");
        await (await _app.Clerk.GetAsync("/api/v1/cards/123")).Problem(HttpStatusCode.NotFound, "not_found");
        await (await _app.Clerk.GetAsync("/api/v1/members/M_NOPE/ledger")).Problem(HttpStatusCode.NotFound, "not_found");
        await (await _app.Clerk.PostAsync("/api/v1/cards/123/lost", null)).Problem(HttpStatusCode.NotFound, "not_found");
        var issue = await _app.Clerk.PostAsync("/api/v1/cards", new StringContent("""{"memberId":"M_NOPE"}""", Encoding.UTF8, "application/json"));
        await issue.Problem(HttpStatusCode.NotFound, "not_found");
    }

    [Theory]
    [InlineData("""{"phone":"13900000001"}""", "name")]
    [InlineData("""{"name":"A"}""", "phone")]
    [InlineData("""{"name":"A","phone":"12ab"}""", "phone")]
    [InlineData("""{"name":"A","phone":"13900000001","birthday":"2999-01-01"}""", "birthday")]
    public async Task An_invalid_registration_names_the_field(string json, string field)
    {
        var response = await _app.Clerk.PostAsync("/api/v1/members", new StringContent(json, Encoding.UTF8, "application/json"));

        var problem = await response.Problem(HttpStatusCode.BadRequest, "validation");
        Assert.Contains(field, problem["errors"]!.AsObject().Select(e => e.Key));
    }

    private async Task<string> Snapshot()
    {
        var member = await _app.Admin.Member(_memberId);
        var ledger = await _app.Admin.Ledger(_memberId);
        return member.ToJsonString() + ledger.ToJsonString();
    }
}
