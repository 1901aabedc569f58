using System.Net;
using System.Net.Http.Json;
using Loyalty.Host.Jobs;
using Loyalty.Host.Tests.Support;
using static Loyalty.Host.Tests.Support.Api;

namespace Loyalty.Host.Tests;

/// <summary>Coupon outreach to a segment (精准营销) as one idempotent job with progress.</summary>
public sealed class OutreachJobTests : IDisposable
{
    private readonly LoyaltyApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_july_birthday_job_for_one_store_reaches_its_active_members_born_in_july_once()
    {
        await _app.DefineTemplate("JULY-20");
        var s002 = _app.Client(Keys.ClerkS002);
        var julyA = (await _app.Clerk.RegisterMember(birthday: "1990-07-03", homeStoreId: "S001")).Str("memberId");
        var julyB = (await _app.Clerk.RegisterMember(birthday: "1985-07-31", homeStoreId: "S001")).Str("memberId");
        var otherStore = (await s002.RegisterMember(birthday: "1990-07-09", homeStoreId: "S002")).Str("memberId");
        var august = (await _app.Clerk.RegisterMember(birthday: "1990-08-01", homeStoreId: "S001")).Str("memberId");
        var frozen = (await _app.Clerk.RegisterMember(birthday: "1990-07-15", homeStoreId: "S001")).Str("memberId");
        await (await _app.Manager.PostAsJsonAsync($"/api/v1/members/{frozen}/status", new { status = "frozen", reason = "fraud check" }))
            .Json(HttpStatusCode.OK);

        var segment = new { birthdayMonth = 7, homeStoreId = "S001" };
        var started = await (await _app.Manager.StartOutreach("july-s001", "JULY-20", segment)).Json(HttpStatusCode.Accepted);
        Assert.Equal("july-s001", started.Str("jobId"));
        var done = await _app.Manager.OutreachCompleted("july-s001");

        // All 5 members looked at; the two active S001 members born in July hold the coupon.
        Assert.Equal(5, done.Long("processed"));
        Assert.Equal(2, done.Long("issued"));
        foreach (var member in new[] { julyA, julyB })
        {
            var coupon = Assert.Single(await _app.Manager.CouponsOf(member))!;
            Assert.Equal("JULY-20", coupon.Str("templateId"));
            Assert.Equal("outreach", coupon.Str("source"));
            Assert.Equal(CouponOutreachRunner.CouponCode("july-s001"), coupon.Str("couponCode"));
            // Valid for 30 days from the job's start (15 June 10:00 Shanghai, until 15 July 10:00): last day 15 July.
            Assert.Equal("2026-07-15", coupon.Str("validTo"));
        }
        Assert.Empty(await _app.Admin.CouponsOf(otherStore));
        Assert.Empty(await _app.Manager.CouponsOf(august));
        Assert.Empty(await _app.Manager.CouponsOf(frozen));

        // The same id and body again answers the job and issues nothing more; another body is a mismatch.
        var again = await (await _app.Manager.StartOutreach("july-s001", "JULY-20", segment)).Json(HttpStatusCode.Accepted);
        Assert.Equal("completed", again.Str("status"));
        Assert.Single(await _app.Manager.CouponsOf(julyA));
        await (await _app.Manager.StartOutreach("july-s001", "JULY-20", new { birthdayMonth = 8, homeStoreId = "S001" }))
            .Problem(HttpStatusCode.Conflict, "idempotency_mismatch");
    }

    [Fact]
    public async Task A_champions_job_reaches_the_rfm_champions_only()
    {
        await _app.DefineTemplate("CHAMP");
        // Both buy today (recency 0 days: score 5 each). Frequency 3 vs 1 and spend 2,850.00 vs 95.00 of 2 members:
        // the best scores ceil(5 × 2/2) = 5, the other ceil(5 × 1/2) = 3. Champion (5,5,5); the other (5,3,3) is loyal.
        var (champion, championCard) = await _app.Clerk.MemberWithCard(birthday: "1990-01-01");
        var (loyal, loyalCard) = await _app.Clerk.MemberWithCard(birthday: "1990-01-01");
        var never = await _app.Clerk.NewMemberId();
        for (var i = 1; i <= 3; i++)
        {
            await _app.Clerk.CheckoutOk(Basket($"champ-{i}", championCard, Line("X", 1, 1_000m)));
        }
        await _app.Clerk.CheckoutOk(Basket("loyal-1", loyalCard, Line("X", 1, 100m)));
        var rfm = await (await _app.Admin.GetAsync("/api/v1/reports/rfm")).Json(HttpStatusCode.OK);
        Assert.Equal(["champions", "loyal"], rfm["segments"]!.AsArray().Select(s => s!.Str("segment")));

        await (await _app.Admin.StartOutreach("champions-june", "CHAMP", new { rfmSegment = "champions" })).Json(HttpStatusCode.Accepted);
        var done = await _app.Admin.OutreachCompleted("champions-june");

        Assert.Equal(3, done.Long("processed"));
        Assert.Equal(1, done.Long("issued"));
        Assert.Single(await _app.Admin.CouponsOf(champion));
        Assert.Empty(await _app.Admin.CouponsOf(loyal));
        Assert.Empty(await _app.Admin.CouponsOf(never));
    }

    [Fact]
    public async Task Outreach_is_for_managers_of_their_own_store_and_admins_and_bad_segments_are_refused()
    {
        await _app.DefineTemplate("T1");
        await (await _app.Clerk.StartOutreach("c-1", "T1", new { homeStoreId = "S001" })).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await _app.Manager.StartOutreach("m-1", "T1", new { homeStoreId = "S002" })).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await _app.Manager.StartOutreach("m-2", "T1", new { tier = "gold" })).Problem(HttpStatusCode.Forbidden, "forbidden");
        var bad = await (await _app.Admin.StartOutreach("a-1", "NOPE", new { birthdayMonth = 13, tier = "bronze", rfmSegment = "whales" }))
            .Problem(HttpStatusCode.BadRequest, "validation");
        Assert.Equal(["segment.birthdayMonth", "segment.rfmSegment", "segment.tier", "templateId"],
            bad["errors"]!.AsObject().Select(e => e.Key).Order());
        await (await _app.Admin.GetAsync("/api/v1/outreach/coupon-jobs/a-1")).Problem(HttpStatusCode.NotFound, "not_found");
    }
}
