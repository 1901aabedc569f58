using System.Net;
using System.Net.Http.Json;
using Loyalty.Host.Tests.Support;
using static Loyalty.Host.Tests.Support.Api;

namespace Loyalty.Host.Tests;

/// <summary>Lost and replaced cards, frozen and cancelled members: refused at checkout, nothing changed.</summary>
public sealed class CardAndStatusTests : IDisposable
{
    private readonly LoyaltyApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_lost_card_is_refused_with_card_lost_and_nothing_changes()
    {
        var clerk = _app.Clerk;
        var (memberId, card) = await clerk.MemberWithCard();
        var lost = await (await clerk.PostAsync($"/api/v1/cards/{card}/lost", null)).Json(HttpStatusCode.OK);
        Assert.Equal("lost", lost.Str("status"));
        var ledgerBefore = await clerk.Ledger(memberId);

        var response = await clerk.Checkout(Basket("lost-1", card, Line("A", 1, 10m)));

        await response.Problem(HttpStatusCode.Conflict, "card_lost");
        Assert.Equal(0, (await clerk.Member(memberId)).Available());
        Assert.Equal(ledgerBefore.Count, (await clerk.Ledger(memberId)).Count);
    }

    [Fact]
    public async Task A_replaced_card_is_refused_and_the_new_card_works_for_the_same_member()
    {
        var clerk = _app.Clerk;
        var (memberId, oldCard) = await clerk.MemberWithCard();
        await clerk.PostAsync($"/api/v1/cards/{oldCard}/lost", null);

        var replacement = await (await clerk.PostAsJsonAsync($"/api/v1/cards/{oldCard}/replace", new { newCardNumber = "9000000000000001" }))
            .Json(HttpStatusCode.OK);

        Assert.Equal("9000000000000001", replacement.Str("cardNumber"));
        Assert.Equal(memberId, replacement.Str("memberId"));
        var old = await (await clerk.GetAsync($"/api/v1/cards/{oldCard}")).Json(HttpStatusCode.OK);
        Assert.Equal("replaced", old.Str("status"));
        await (await clerk.Checkout(Basket("repl-1", oldCard, Line("A", 1, 10m)))).Problem(HttpStatusCode.Conflict, "card_replaced");
        var receipt = await clerk.CheckoutOk(Basket("repl-2", "9000000000000001", Line("A", 1, 100m)));
        Assert.Equal(memberId, receipt.Str("memberId"));
        var member = await clerk.Member(memberId);
        Assert.Equal(["9000000000000001"], member["cards"]!.AsArray().Select(c => c!.GetValue<string>()));

        // Replacing again answers the replacement that happened.
        var again = await (await clerk.PostAsJsonAsync($"/api/v1/cards/{oldCard}/replace", new { })).Json(HttpStatusCode.OK);
        Assert.Equal("9000000000000001", again.Str("cardNumber"));
    }

    [Fact]
    public async Task A_frozen_member_is_refused_with_member_frozen_until_unfrozen()
    {
        var (memberId, card) = await _app.Clerk.MemberWithCard();
        var frozen = await (await _app.Manager.PostAsJsonAsync($"/api/v1/members/{memberId}/status", new { status = "frozen", reason = "suspected fraud" }))
            .Json(HttpStatusCode.OK);
        Assert.Equal("frozen", frozen.Str("status"));

        await (await _app.Clerk.Checkout(Basket("frz-1", card, Line("A", 1, 10m)))).Problem(HttpStatusCode.Conflict, "member_frozen");
        Assert.Equal(0, (await _app.Clerk.Member(memberId)).Available());

        await (await _app.Manager.PostAsJsonAsync($"/api/v1/members/{memberId}/status", new { status = "active", reason = "checked" }))
            .Json(HttpStatusCode.OK);
        var receipt = await _app.Clerk.CheckoutOk(Basket("frz-1", card, Line("A", 1, 10m)));
        Assert.Equal(9, receipt.Long("pointsEarned"));
        var history = (await _app.Admin.Member(memberId))["statusHistory"]!.AsArray();
        Assert.Equal(["active", "frozen", "active"], history.Select(h => h!.Str("status")));
        Assert.Equal("suspected fraud", history[1]!.Str("reason"));
    }

    [Fact]
    public async Task A_cancelled_member_is_refused_and_only_an_admin_cancels()
    {
        var (memberId, card) = await _app.Clerk.MemberWithCard();
        var byManager = await _app.Manager.PostAsJsonAsync($"/api/v1/members/{memberId}/status", new { status = "cancelled", reason = "fraud" });
        await byManager.Problem(HttpStatusCode.Forbidden, "forbidden");
        var byClerk = await _app.Clerk.PostAsJsonAsync($"/api/v1/members/{memberId}/status", new { status = "frozen", reason = "x" });
        await byClerk.Problem(HttpStatusCode.Forbidden, "forbidden");

        await (await _app.Admin.PostAsJsonAsync($"/api/v1/members/{memberId}/status", new { status = "cancelled", reason = "fraud" }))
            .Json(HttpStatusCode.OK);

        await (await _app.Clerk.Checkout(Basket("cxl-1", card, Line("A", 1, 10m)))).Problem(HttpStatusCode.Conflict, "member_cancelled");
        Assert.Equal("cancelled", (await _app.Clerk.Member(memberId)).Str("status"));
    }
}
