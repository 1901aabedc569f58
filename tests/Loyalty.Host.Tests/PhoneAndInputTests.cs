using System.Net;
using System.Net.Http.Json;
using System.Text;
using Loyalty.Host.Infrastructure;
using Loyalty.Host.Tests.Support;
using static Loyalty.Host.Tests.Support.Api;

namespace Loyalty.Host.Tests;

/// <summary>
/// One phone, one member (issue 14, item 7) and strict input (item 8): numbers are normalised before uniqueness;
/// unknown fields and numbers sent as text are refused naming the field, in the API's words.
/// </summary>
public sealed class PhoneAndInputTests : IAsyncLifetime
{
    private readonly LoyaltyApp _app = new();
    private string _member = "";
    private string _card = "";

    public async Task InitializeAsync()
    {
        _member = (await _app.Clerk.RegisterMember("Qian Yu", "13900000001", birthday: "1990-01-01")).Str("memberId");
        _card = (await _app.Clerk.IssueCard(_member, type: "storedValue")).Str("cardNumber");
        await (await _app.Clerk.PostAsJsonAsync($"/api/v1/cards/{_card}/top-ups", new { topUpId = "seed", amount = 100m })).Json(HttpStatusCode.OK);
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("13900000001", "13900000001")]
    [InlineData("+86 139 0000 0001", "13900000001")]
    [InlineData("0086-139-0000-0001", "13900000001")]
    [InlineData("+86 (139) 0000-0001", "13900000001")]
    [InlineData("86 139 0000 0001", "13900000001")]
    [InlineData("139.0000.0001", "13900000001")]
    [InlineData("+1 415 555 0100", "+14155550100")]
    [InlineData("0755-8888-6666", "075588886666")]
    [InlineData("12ab", null)]
    [InlineData("+86", null)]
    public void Phone_numbers_have_one_canonical_form(string written, string? canonical)
    {
        Assert.Equal(canonical, Phones.Normalize(written));
    }

    [Theory]
    [InlineData("+86 139 0000 0001")]
    [InlineData("0086 139 0000 0001")]
    [InlineData("0086-139-0000-0001")]
    [InlineData("86 13900000001")]
    public async Task The_same_phone_written_another_way_belongs_to_the_first_member(string phone)
    {
        var again = await _app.Clerk.PostAsJsonAsync("/api/v1/members", new { name = "Someone Else", phone });

        await again.Problem(HttpStatusCode.Conflict, "phone_taken");
        var found = await (await _app.Clerk.GetAsync($"/api/v1/members?phone={Uri.EscapeDataString(phone)}&name=Qian%20Yu")).Json(HttpStatusCode.OK);
        Assert.Equal(_member, found.Str("memberId"));
    }

    public static TheoryData<string, string, string> UnknownFields => new()
    {
        { "/api/v1/checkouts", """{"checkoutId":"u-1","storeId":"S001","cardNumber":"CARD","storedValueAmmount":50,"lines":[{"sku":"A","category":"food","quantity":1,"unitPrice":100}]}""", "storedValueAmmount" },
        { "/api/v1/checkouts", """{"checkoutId":"u-2","storeId":"S001","cardNumber":"CARD","lines":[{"sku":"A","category":"food","quantity":1,"unitPrice":100,"discount":5}]}""", "lines[0].discount" },
        { "/api/v1/checkouts/quote", """{"storeId":"S001","cardNumber":"CARD","redeemPoint":100,"lines":[{"sku":"A","category":"food","quantity":1,"unitPrice":100}]}""", "redeemPoint" },
        { "/api/v1/members", """{"name":"A","phone":"13900000099","homeStore":"S001"}""", "homeStore" },
        { "/api/v1/cards", """{"memberId":"MEMBER","typ":"storedValue"}""", "typ" },
        { "/api/v1/cards/CARD/top-ups", """{"topUpId":"t-u","amount":10,"bonus":5}""", "bonus" },
        { "/api/v1/cards/CARD/replace", """{"newCard":"8811"}""", "newCard" },
        { "/api/v1/members/MEMBER/check-ins", """{"day":"2026-06-15"}""", "day" },
        { "/api/v1/members/MEMBER/reviews", """{"reviewId":"r1","stars":5}""", "stars" },
        { "/api/v1/members/MEMBER/transfers", """{"transferId":"t1","toMemberId":"M1","points":1,"note":"x"}""", "note" },
        { "/api/v1/members/MEMBER/redemptions", """{"redemptionId":"g1","catalogItemId":"MUG","quantity":1,"giftWrap":true}""", "giftWrap" },
        { "/api/v1/households", """{"primaryMemberId":"MEMBER","name":"Family"}""", "name" },
    };

    [Theory]
    [MemberData(nameof(UnknownFields))]
    public async Task An_unknown_field_is_refused_naming_it_and_changes_nothing(string path, string json, string field)
    {
        var before = await Snapshot();

        var response = await _app.Clerk.PostAsync(path.Replace("CARD", _card).Replace("MEMBER", _member),
            new StringContent(json.Replace("CARD", _card).Replace("MEMBER", _member), Encoding.UTF8, "application/json"));

        var problem = await response.Problem(HttpStatusCode.BadRequest, "validation");
        Assert.Contains(field, problem["errors"]!.AsObject().Select(e => e.Key));
        AssertNoFrameworkText(problem.ToJsonString());
        Assert.Equal(before, await Snapshot());
    }

    [Theory]
    [InlineData("""{"checkoutId":"s-1","storeId":"S001","cardNumber":"CARD","lines":[{"sku":"A","category":"food","quantity":"2","unitPrice":100}]}""", "lines[0].quantity")]
    [InlineData("""{"checkoutId":"s-2","storeId":"S001","cardNumber":"CARD","redeemPoints":"100","lines":[{"sku":"A","category":"food","quantity":2,"unitPrice":100}]}""", "redeemPoints")]
    [InlineData("""{"checkoutId":"s-3","storeId":"S001","cardNumber":"CARD","storedValueAmount":"50","lines":[{"sku":"A","category":"food","quantity":2,"unitPrice":100}]}""", "storedValueAmount")]
    public async Task A_number_sent_as_text_is_refused_naming_the_field(string json, string field)
    {
        var response = await _app.Clerk.PostAsync("/api/v1/checkouts", new StringContent(json.Replace("CARD", _card), Encoding.UTF8, "application/json"));

        var problem = await response.Problem(HttpStatusCode.BadRequest, "validation");
        Assert.Equal(["Must be a JSON number (not text)."], problem["errors"]![field]!.AsArray().Select(m => m!.GetValue<string>()));
        AssertNoFrameworkText(problem.ToJsonString());
    }

    [Fact]
    public async Task A_missing_body_or_wrong_content_type_is_explained_without_framework_text()
    {
        var empty = await _app.Clerk.PostAsync("/api/v1/members", new StringContent("", Encoding.UTF8, "application/json"));
        var problem = await empty.Problem(HttpStatusCode.BadRequest, "validation");
        AssertNoFrameworkText(problem.ToJsonString());

        var text = await _app.Clerk.PostAsync("/api/v1/members", new StringContent("""{"name":"A","phone":"13900000098"}""", Encoding.UTF8, "text/plain"));
        AssertNoFrameworkText(await text.Content.ReadAsStringAsync());
        Assert.True(text.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnsupportedMediaType, text.StatusCode.ToString());
    }

    private static void AssertNoFrameworkText(string text)
    {
        Assert.DoesNotContain("Implicit body", text, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Loyalty.Host", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Nullable", text, StringComparison.Ordinal);
        Assert.DoesNotContain("could not be mapped", text, StringComparison.Ordinal);
    }

    private async Task<string> Snapshot() =>
        (await _app.Admin.Member(_member)).ToJsonString() + (await _app.Admin.Ledger(_member)).ToJsonString()
        + await _app.Admin.GetStringAsync($"/api/v1/cards/{_card}");
}
