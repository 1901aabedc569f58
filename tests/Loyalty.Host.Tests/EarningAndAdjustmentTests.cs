using System.Net;
using System.Net.Http.Json;
using Loyalty.Host.Tests.Support;
using static Loyalty.Host.Tests.Support.Api;

namespace Loyalty.Host.Tests;

/// <summary>Manual adjustments, check-ins, reviews and referrals: each once per id, through the points rules, recorded.</summary>
public sealed class EarningAndAdjustmentTests : IDisposable
{
    private readonly LoyaltyApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_manager_adjusts_within_the_limit_an_admin_beyond_and_a_deduction_never_goes_below_zero()
    {
        var member = await _app.Clerk.NewMemberId();

        // Default manager limit 1,000 points per adjustment.
        var added = await (await _app.Manager.Adjust(member, "a-1", 1_000, "complaint")).Json(HttpStatusCode.OK);
        Assert.Equal(1_000, added.Long("pointsBalance"));
        await (await _app.Manager.Adjust(member, "a-2", 1_001)).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await _app.Manager.Adjust(member, "a-3", -1_001)).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await _app.Admin.Adjust(member, "a-4", 5_000)).Json(HttpStatusCode.OK);
        await (await _app.Manager.Adjust(member, "a-5", -600)).Json(HttpStatusCode.OK);
        // 1,000 + 5,000 − 600 = 5,400; taking 5,401 would go below zero.
        await (await _app.Admin.Adjust(member, "a-6", -5_401)).Problem(HttpStatusCode.Conflict, "insufficient_points");
        await (await _app.Clerk.Adjust(member, "a-7", 10)).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await _app.Client("dev-manager-S002").Adjust(member, "a-8", 10)).Problem(HttpStatusCode.Forbidden, "forbidden");

        Assert.Equal(5_400, (await _app.Admin.Member(member)).Available());
        var ledger = await _app.Admin.Ledger(member);
        Assert.Equal(3, ledger.Count(e => e!.Str("kind") == "adjustment"));
        Assert.Contains("complaint", ledger.Single(e => e!.Str("operationId") == "a-1")!.Str("data"));
        Assert.Equal(5_400, ledger.LedgerPoints());
    }

    [Fact]
    public async Task A_repeated_adjustment_answers_once_and_another_body_is_a_mismatch()
    {
        var member = await _app.Clerk.NewMemberId();
        var first = await (await _app.Manager.Adjust(member, "r-1", 100, "why")).Json(HttpStatusCode.OK);
        var again = await (await _app.Manager.Adjust(member, "r-1", 100, "why")).Json(HttpStatusCode.OK);
        await (await _app.Manager.Adjust(member, "r-1", 100, "other reason")).Problem(HttpStatusCode.Conflict, "idempotency_mismatch");

        Assert.Equal(first.ToJsonString(), again.ToJsonString());
        Assert.Equal(100, (await _app.Admin.Member(member)).Available());
    }

    [Theory]
    [InlineData(null, 10L, "x", "adjustmentId")]
    [InlineData("a", 0L, "x", "points")]
    [InlineData("a", 10L, null, "reason")]
    [InlineData("a", 10L, "  ", "reason")]
    public async Task Bad_adjustments_are_refused_with_nothing_changed(string? adjustmentId, long points, string? reason, string field)
    {
        var member = await _app.Clerk.NewMemberId();
        var problem = await (await _app.Admin.PostAsJsonAsync($"/api/v1/members/{member}/adjustments", new { adjustmentId, points, reason }))
            .Problem(HttpStatusCode.BadRequest, "validation");
        Assert.NotNull(problem["errors"]![field]);
        Assert.Equal(0, (await _app.Admin.Member(member)).Available());
    }

    [Fact]
    public async Task Check_in_earns_once_per_program_day()
    {
        var member = await _app.Clerk.NewMemberId();

        var first = await (await _app.Clerk.CheckIn(member)).Json(HttpStatusCode.OK);
        var second = await (await _app.Clerk.CheckIn(member)).Json(HttpStatusCode.OK);
        Assert.Equal(first.ToJsonString(), second.ToJsonString());
        Assert.Equal(5, (await _app.Admin.Member(member)).Available());

        // 10:00 + 14 h = midnight in Shanghai: a new day, 5 more.
        _app.Time.Advance(TimeSpan.FromHours(14));
        await (await _app.Clerk.CheckIn(member)).Json(HttpStatusCode.OK);
        Assert.Equal(10, (await _app.Admin.Member(member)).Available());
        Assert.Equal(2, (await _app.Admin.Ledger(member)).Count(e => e!.Str("kind") == "check-in"));
    }

    [Fact]
    public async Task Earning_respects_the_daily_cap_pending_days_and_frozen_members()
    {
        _app.Program(p => p with { DailyEarnCap = 12, PendingDays = 1 });
        var member = await _app.Clerk.NewMemberId();

        // Check-in 5 → pending; review 10 but only 12 − 5 = 7 fit under the cap; a second review earns 0.
        await (await _app.Clerk.CheckIn(member)).Json(HttpStatusCode.OK);
        var review = await (await _app.Clerk.Review(member, "rv-1", "TEA")).Json(HttpStatusCode.OK);
        Assert.Equal(7, review.Long("pendingDelta"));
        var capped = await (await _app.Clerk.Review(member, "rv-2")).Json(HttpStatusCode.OK);
        Assert.Equal(0, capped.Long("pendingDelta"));
        var view = await _app.Admin.Member(member);
        Assert.Equal(0, view.Available());
        Assert.Equal(12, view["points"]!.Long("pending"));

        await (await _app.Manager.PostAsJsonAsync($"/api/v1/members/{member}/status", new { status = "frozen", reason = "check" })).Json(HttpStatusCode.OK);
        await (await _app.Clerk.Review(member, "rv-3")).Problem(HttpStatusCode.Conflict, "member_frozen");
        await (await _app.Clerk.CheckIn(member)).Json(HttpStatusCode.OK); // today's check-in already happened: answered, not refused
        await (await _app.Admin.Adjust(member, "adj", 10)).Problem(HttpStatusCode.Conflict, "member_frozen");
    }

    [Fact]
    public async Task A_review_earns_once_per_review_id()
    {
        var member = await _app.Clerk.NewMemberId();
        await (await _app.Clerk.Review(member, "rv-1", "TEA")).Json(HttpStatusCode.OK);
        await (await _app.Clerk.Review(member, "rv-1", "TEA")).Json(HttpStatusCode.OK);
        await (await _app.Clerk.Review(member, "rv-1", "RICE")).Problem(HttpStatusCode.Conflict, "idempotency_mismatch");
        await (await _app.Clerk.Review(member, "rv-2")).Json(HttpStatusCode.OK);
        await (await _app.Clerk.Review(member, "bad id!")).Problem(HttpStatusCode.BadRequest, "validation");
        // 2 reviews × 10.
        Assert.Equal(20, (await _app.Admin.Member(member)).Available());
        await (await _app.Clerk.Review("M-NOBODY", "rv-9")).Problem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task The_referrer_earns_once_when_the_referred_members_first_purchase_completes()
    {
        var referrer = await _app.Clerk.NewMemberId();
        var created = await (await _app.Clerk.PostAsJsonAsync("/api/v1/members", new { name = "New", phone = NewPhone(), referrerMemberId = referrer }))
            .Json(HttpStatusCode.Created);
        var newMember = created.Str("memberId");
        var card = (await _app.Clerk.IssueCard(newMember)).Str("cardNumber");
        Assert.Equal(0, (await _app.Admin.Member(referrer)).Available());

        await _app.Clerk.CheckoutOk(Basket("ref-1", card, Line("A", 1, 10m)));
        await _app.Clerk.CheckoutOk(Basket("ref-1", card, Line("A", 1, 10m)));
        await _app.Clerk.CheckoutOk(Basket("ref-2", card, Line("A", 1, 10m)));

        // 200 once; the new member earns 9.50 → 9 per purchase.
        Assert.Equal(200, (await _app.Admin.Member(referrer)).Available());
        Assert.Single(await _app.Admin.Ledger(referrer), e => e!.Str("kind") == "referral" && e!.Str("operationId") == $"referral:{newMember}");
        Assert.Equal(18, (await _app.Admin.Member(newMember)).Available());
    }

    [Fact]
    public async Task Points_endpoints_on_an_unknown_member_are_not_found()
    {
        await (await _app.Clerk.CheckIn("M-NOBODY")).Problem(HttpStatusCode.NotFound, "not_found");
        await (await _app.Admin.Adjust("M-NOBODY", "a", 1)).Problem(HttpStatusCode.NotFound, "not_found");
        var receiver = await _app.Clerk.NewMemberId();
        await (await _app.Clerk.Transfer("M-NOBODY", "t", receiver, 1)).Problem(HttpStatusCode.NotFound, "not_found");
    }
}
