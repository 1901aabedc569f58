using System.Net;
using System.Net.Http.Json;
using Loyalty.Host.Tests.Support;
using static Loyalty.Host.Tests.Support.Api;

namespace Loyalty.Host.Tests;

/// <summary>
/// Store boundaries (issue 14, item 2): staff act only on their home store's members, cards and households; checkout
/// stays open at any store, and a lookup from another store shows the masked counter view.
/// </summary>
public sealed class StoreBoundaryTests : IAsyncLifetime
{
    private readonly LoyaltyApp _app = new();
    private string _member = "";
    private string _card = "";
    private HttpClient ClerkS002 => _app.Client(Keys.ClerkS002);
    private HttpClient ManagerS002 => _app.Client(Keys.ManagerS002);

    public async Task InitializeAsync()
    {
        var registered = await _app.Clerk.RegisterMember("Sun Li", "13812345678", birthday: "1990-01-01");
        _member = registered.Str("memberId");
        _card = (await _app.Clerk.IssueCard(_member, type: "storedValue")).Str("cardNumber");
        await _app.Clerk.CheckoutOk(Basket("home-1", _card, Line("A", 1, 100m)));
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_manager_of_another_store_cannot_freeze_the_member_and_sees_only_the_masked_counter_view()
    {
        var freeze = await ManagerS002.PostAsJsonAsync($"/api/v1/members/{_member}/status", new { status = "frozen", reason = "test" });

        await freeze.Problem(HttpStatusCode.Forbidden, "forbidden");
        var seen = await ManagerS002.Member(_member);
        Assert.Equal("138****5678", seen.Str("phone"));
        Assert.Null(seen["birthday"]);
        Assert.Empty(seen["statusHistory"]!.AsArray());
        Assert.Equal("active", (await _app.Admin.Member(_member)).Str("status"));
        // The home store's manager sees it all and may freeze.
        Assert.Equal("13812345678", (await _app.Manager.Member(_member)).Str("phone"));
        await (await _app.Manager.PostAsJsonAsync($"/api/v1/members/{_member}/status", new { status = "frozen", reason = "test" })).Json(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_clerk_of_another_store_finds_the_member_by_phone_and_name_with_masked_data()
    {
        var found = await (await ClerkS002.GetAsync("/api/v1/members?phone=13812345678&name=Sun%20Li")).Json(HttpStatusCode.OK);

        Assert.Equal(_member, found.Str("memberId"));
        Assert.Equal("138****5678", found.Str("phone"));
        Assert.Null(found["birthday"]);
        Assert.Equal(95, found.Available());
    }

    [Fact]
    public async Task Another_store_cannot_read_the_ledger_mark_the_card_lost_issue_a_card_or_top_up()
    {
        await (await ClerkS002.GetAsync($"/api/v1/members/{_member}/ledger")).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await ManagerS002.GetAsync($"/api/v1/members/{_member}/ledger")).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await ClerkS002.PostAsync($"/api/v1/cards/{_card}/lost", null)).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await ClerkS002.PostAsJsonAsync($"/api/v1/cards/{_card}/replace", new { })).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await ClerkS002.PostAsJsonAsync("/api/v1/cards", new { memberId = _member })).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await ClerkS002.PostAsJsonAsync($"/api/v1/cards/{_card}/top-ups", new { topUpId = "x", amount = 100m })).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await ClerkS002.CheckIn(_member)).Problem(HttpStatusCode.Forbidden, "forbidden");

        var card = await (await _app.Admin.GetAsync($"/api/v1/cards/{_card}")).Json(HttpStatusCode.OK);
        Assert.Equal("active", card.Str("status"));
        Assert.Equal(0m, card["storedValue"]!.Dec("paid"));
        var member = await _app.Admin.Member(_member);
        Assert.Equal([_card], member["cards"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal(95, member.Available());
    }

    [Fact]
    public async Task Checkout_at_any_store_stays_allowed()
    {
        var receipt = await ClerkS002.CheckoutOk(new { checkoutId = "away-1", storeId = "S002", cardNumber = _card, lines = new[] { Line("A", 1, 100m) } });

        Assert.Equal("S002", receipt.Str("storeId"));
        Assert.Equal(190, receipt.Long("pointsBalance"));
    }

    [Fact]
    public async Task Another_store_cannot_set_up_or_read_the_members_household()
    {
        await (await ManagerS002.PostAsJsonAsync("/api/v1/households", new { primaryMemberId = _member })).Problem(HttpStatusCode.Forbidden, "forbidden");
        var household = await (await _app.Manager.PostAsJsonAsync("/api/v1/households", new { primaryMemberId = _member })).Json(HttpStatusCode.Created);
        var id = household.Str("householdId");

        await (await ManagerS002.GetAsync($"/api/v1/households/{id}")).Problem(HttpStatusCode.Forbidden, "forbidden");
        var theirs = await ClerkS002.NewMemberIdAt("S002");
        await (await ManagerS002.PostAsJsonAsync($"/api/v1/households/{id}/members", new { memberId = theirs })).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await ManagerS002.PostAsync($"/api/v1/households/{id}/dissolve", null)).Problem(HttpStatusCode.Forbidden, "forbidden");
        Assert.Single((await (await _app.Manager.GetAsync($"/api/v1/households/{id}")).Json(HttpStatusCode.OK))["members"]!.AsArray());
    }
}

internal static class StoreBoundaryCalls
{
    public static async Task<string> NewMemberIdAt(this HttpClient client, string store) =>
        (await client.RegisterMember(homeStoreId: store)).Str("memberId");
}
