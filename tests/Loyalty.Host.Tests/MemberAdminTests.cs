using System.Net;
using System.Net.Http.Json;
using Loyalty.Host.Tests.Support;
using static Loyalty.Host.Tests.Support.Api;

namespace Loyalty.Host.Tests;

/// <summary>Tier override, corporate members, membership validity, automatic joining, merge and the leaderboard.</summary>
public sealed class MemberAdminTests : IDisposable
{
    private readonly LoyaltyApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_manager_overrides_the_tier_with_a_reason_and_it_is_recorded()
    {
        var (member, card) = await _app.Clerk.MemberWithCard(birthday: "1990-01-01");

        var view = await (await _app.Manager.PostAsJsonAsync($"/api/v1/members/{member}/tier", new { tier = "gold", reason = "VIP complaint" })).Json(HttpStatusCode.OK);

        Assert.Equal("gold", view.Str("tier"));
        var row = (await _app.Admin.Ledger(member)).Single(e => e!.Str("kind") == "tier")!;
        Assert.Contains("VIP complaint", row.Str("data"));
        Assert.Contains("regular", row.Str("data"));
        // Gold prices from the next purchase: 100 − 15% = 85 paid → 170 points at 2×.
        var receipt = await _app.Clerk.CheckoutOk(Basket("t-1", card, Line("A", 1, 100m)));
        Assert.Equal(15m, receipt.Dec("memberDiscount"));
        Assert.Equal(170, receipt.Long("pointsEarned"));

        await (await _app.Clerk.PostAsJsonAsync($"/api/v1/members/{member}/tier", new { tier = "gold", reason = "x" })).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await _app.Manager.PostAsJsonAsync($"/api/v1/members/{member}/tier", new { tier = "mythic", reason = "x" })).Problem(HttpStatusCode.BadRequest, "validation");
        await (await _app.Manager.PostAsJsonAsync($"/api/v1/members/{member}/tier", new { tier = "silver" })).Problem(HttpStatusCode.BadRequest, "validation");
        Assert.Equal("gold", (await _app.Admin.Member(member)).Str("tier"));
    }

    [Fact]
    public async Task A_corporate_member_is_registered_by_an_admin_gets_the_contract_discount_and_earns_nothing()
    {
        await (await _app.Clerk.PostAsJsonAsync("/api/v1/members", new { name = "Acme", phone = NewPhone(), corporate = true })).Problem(HttpStatusCode.Forbidden, "forbidden");
        var member = (await (await _app.Admin.PostAsJsonAsync("/api/v1/members", new { name = "Acme", phone = NewPhone(), homeStoreId = "S001", corporate = true }))
            .Json(HttpStatusCode.Created)).Str("memberId");
        var card = (await _app.Clerk.IssueCard(member)).Str("cardNumber");

        var receipt = await _app.Clerk.CheckoutOk(Basket("c-1", card, Line("A", 1, 200m)));

        // Contract discount 10%: 20.00; no points.
        Assert.Equal(20m, receipt.Dec("memberDiscount"));
        Assert.Equal(0, receipt.Long("pointsEarned"));
    }

    [Fact]
    public async Task With_a_validity_period_registration_sets_it_spending_renews_it_and_an_expired_member_prices_as_a_non_member()
    {
        _app.Program(p => p with { MembershipValidityMonths = 12 });
        var (member, card) = await _app.Clerk.MemberWithCard(birthday: "1990-01-01");

        // Registered 2026-06-15, valid until 2027-06-15 (exclusive). 2027-06-14 is still a member day.
        _app.Time.Advance(TimeSpan.FromDays(364));
        var inside = await _app.Clerk.CheckoutOk(Basket("v-1", card, Line("A", 1, 100m)));
        Assert.Equal(5m, inside.Dec("memberDiscount"));
        Assert.Equal(95, inside.Long("pointsEarned"));

        // That purchase renewed it to 2028-06-14; the day after that it has lapsed.
        _app.Time.Advance(TimeSpan.FromDays(366 + 1));
        var lapsed = await _app.Clerk.CheckoutOk(Basket("v-2", card, Line("A", 1, 100m)));
        Assert.Equal(0m, lapsed.Dec("memberDiscount"));
        Assert.Equal(0, lapsed.Long("pointsEarned"));
    }

    [Fact]
    public async Task An_unknown_customer_whose_basket_reaches_the_threshold_joins_automatically()
    {
        _app.Program(p => p with { AutoJoinThreshold = 1_000m });
        var phone = NewPhone();

        // Below the threshold: still unknown (404, nobody registered).
        await (await _app.Clerk.Checkout(new { checkoutId = "aj-0", storeId = "S001", phone, name = "Li Lei", lines = new[] { Line("A", 1, 999.99m) } }))
            .Problem(HttpStatusCode.NotFound, "not_found");
        var receipt = await _app.Clerk.CheckoutOk(new { checkoutId = "aj-1", storeId = "S001", phone, name = "Li Lei", lines = new[] { Line("A", 2, 500m) } });
        var again = await _app.Clerk.CheckoutOk(new { checkoutId = "aj-1", storeId = "S001", phone, name = "Li Lei", lines = new[] { Line("A", 2, 500m) } });

        // The new member checks out as regular: 1,000 − 5% = 950 → 950 points, then silver.
        Assert.Equal(950, receipt.Long("pointsEarned"));
        Assert.Equal(receipt.ToJsonString(), again.ToJsonString());
        var member = await (await _app.Manager.GetAsync($"/api/v1/members?phone={phone}&name=Li%20Lei")).Json(HttpStatusCode.OK);
        Assert.Equal(receipt.Str("memberId"), member.Str("memberId"));
        Assert.Equal("S001", member.Str("homeStoreId"));
    }

    [Fact]
    public async Task Merging_moves_points_lots_spend_coupons_and_cards_and_closes_the_duplicate()
    {
        var (survivor, survivorCard) = await _app.Clerk.MemberWithCard(birthday: "1990-01-01");
        var (duplicate, duplicateCard) = await _app.Clerk.MemberWithCard(birthday: "1990-01-01");
        // Survivor: 600 − 5% = 570 points and spend. Duplicate: 500 − 5% = 475, then gives 75 away by redemption-free adjustment.
        await _app.Clerk.CheckoutOk(Basket("m-1", survivorCard, Line("A", 1, 600m)));
        await _app.Clerk.CheckoutOk(Basket("m-2", duplicateCard, Line("A", 1, 500m)));
        await (await _app.Admin.Adjust(duplicate, "m-adj", -75)).Json(HttpStatusCode.OK);

        await (await _app.Manager.Merge(survivor, duplicate, "merge-1")).Problem(HttpStatusCode.Forbidden, "forbidden");
        var merged = await (await _app.Admin.Merge(survivor, duplicate, "merge-1")).Json(HttpStatusCode.OK);
        var again = await (await _app.Admin.Merge(survivor, duplicate, "merge-1")).Json(HttpStatusCode.OK);

        // 570 + 400 = 970 points; spend 570 + 475 = 1,045 → silver at once.
        Assert.Equal(400, merged.Long("pointsMoved"));
        Assert.Equal(merged["survivor"]!["points"]!.ToJsonString(), again["survivor"]!["points"]!.ToJsonString());
        var view = await _app.Admin.Member(survivor);
        Assert.Equal(970, view.Available());
        Assert.Equal(1_045m, view.Dec("qualifyingSpend"));
        Assert.Equal("silver", view.Str("tier"));
        Assert.Contains(duplicateCard, view["cards"]!.AsArray().Select(c => c!.GetValue<string>()));
        var closed = await _app.Admin.Member(duplicate);
        Assert.Equal("cancelled", closed.Str("status"));
        Assert.Equal(0, closed.Available());
        // The duplicate's card now checks out on the survivor (silver: 100 − 10% = 90 → 135 points at 1.5×).
        var receipt = await _app.Clerk.CheckoutOk(Basket("m-3", duplicateCard, Line("A", 1, 100m)));
        Assert.Equal(survivor, receipt.Str("memberId"));
        Assert.Equal(970 + 135, (await _app.Admin.Member(survivor)).Available());
        // Both ledgers still add up.
        Assert.Equal(0, (await _app.Admin.Ledger(duplicate)).LedgerPoints());
        Assert.Equal(970 + 135, (await _app.Admin.Ledger(survivor)).LedgerPoints());
        Assert.Equal((await (await _app.Admin.GetAsync($"/api/v1/cards/{duplicateCard}")).Json(HttpStatusCode.OK)).Str("memberId"), survivor);
    }

    [Fact]
    public async Task Bad_merges_are_refused_with_nothing_changed()
    {
        var survivor = await _app.Clerk.NewMemberId();
        var duplicate = await _app.Clerk.NewMemberId();
        await _app.Grant(duplicate, 10);

        await (await _app.Admin.Merge(survivor, survivor, "m")).Problem(HttpStatusCode.BadRequest, "validation");
        await (await _app.Admin.Merge(survivor, "M-NOBODY", "m")).Problem(HttpStatusCode.BadRequest, "validation");
        await (await _app.Admin.PostAsJsonAsync($"/api/v1/members/{survivor}/merge", new { duplicateMemberId = duplicate })).Problem(HttpStatusCode.BadRequest, "validation");
        await (await _app.Admin.Merge("M-NOBODY", duplicate, "m")).Problem(HttpStatusCode.NotFound, "not_found");
        await (await _app.Admin.PostAsJsonAsync($"/api/v1/members/{survivor}/status", new { status = "frozen", reason = "check" })).Json(HttpStatusCode.OK);
        await (await _app.Admin.Merge(survivor, duplicate, "m")).Problem(HttpStatusCode.Conflict, "member_frozen");

        Assert.Equal("active", (await _app.Admin.Member(duplicate)).Str("status"));
        Assert.Equal(10, (await _app.Admin.Member(duplicate)).Available());
    }

    [Fact]
    public async Task The_leaderboard_ranks_points_earned_in_the_quarter_by_home_store()
    {
        var (top, topCard) = await _app.Clerk.MemberWithCard(birthday: "1990-01-01");
        var (second, secondCard) = await _app.Clerk.MemberWithCard(birthday: "1990-01-01");
        var other = (await _app.Client("dev-clerk-S002").RegisterMember(homeStoreId: "S002")).Str("memberId");
        // top: 300 − 5% = 285 + check-in 5 = 290. second: 200 − 5% = 190, a transfer of 100 and an adjustment do not count.
        await _app.Clerk.CheckoutOk(Basket("lb-1", topCard, Line("A", 1, 300m)));
        await (await _app.Clerk.CheckIn(top)).Json(HttpStatusCode.OK);
        await _app.Clerk.CheckoutOk(Basket("lb-2", secondCard, Line("A", 1, 200m)));
        await (await _app.Clerk.Transfer(top, "lb-t", second, 100)).Json(HttpStatusCode.OK);
        await _app.Grant(second, 1_000);
        await (await _app.Client("dev-clerk-S002").CheckIn(other)).Json(HttpStatusCode.OK);

        var board = await (await _app.Manager.GetAsync("/api/v1/leaderboard?quarter=2026Q2")).Json(HttpStatusCode.OK);
        var entries = board["entries"]!.AsArray();
        Assert.Equal("S001", board.Str("storeId"));
        Assert.Equal(2, entries.Count);
        Assert.Equal(top, entries[0]!.Str("memberId"));
        Assert.Equal(290, entries[0]!.Long("pointsEarned"));
        Assert.Equal(190, entries[1]!.Long("pointsEarned"));

        var chain = await (await _app.Admin.GetAsync("/api/v1/leaderboard?quarter=2026Q2")).Json(HttpStatusCode.OK);
        Assert.Equal(3, chain["entries"]!.AsArray().Count);
        var previous = await (await _app.Admin.GetAsync("/api/v1/leaderboard?quarter=2026Q1")).Json(HttpStatusCode.OK);
        Assert.Empty(previous["entries"]!.AsArray());

        await (await _app.Clerk.GetAsync("/api/v1/leaderboard?quarter=2026Q2")).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await _app.Manager.GetAsync("/api/v1/leaderboard?quarter=2026Q2&storeId=S002")).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await _app.Manager.GetAsync("/api/v1/leaderboard?quarter=2026Q5")).Problem(HttpStatusCode.BadRequest, "validation");
        await (await _app.Manager.GetAsync("/api/v1/leaderboard?quarter=Q2-2026")).Problem(HttpStatusCode.BadRequest, "validation");
    }
}
