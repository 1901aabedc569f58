using System.Net;
using System.Text.Json;
using Loyalty.Domain.Points;
using Loyalty.Grains;
using Loyalty.Grains.Jobs;
using Loyalty.Grains.Members;
using Loyalty.Host.Tests.Support;
using Loyalty.Persistence.Storage;
using Microsoft.Extensions.DependencyInjection;
using static Loyalty.Host.Tests.Support.Api;

namespace Loyalty.Host.Tests;

/// <summary>Scheduled member jobs with the clock moved by FakeTimeProvider; in-memory storage.</summary>
public sealed class ScheduledJobTests : IDisposable
{
    private readonly LoyaltyApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Points_expire_exactly_at_the_start_of_the_expiry_day_and_a_second_run_changes_nothing()
    {
        // 2026-06-15: 100 − 5% = 95 paid → 95 points in a lot that expires on 2027-06-15 (rolling 12 months).
        var (memberId, card) = await _app.Clerk.MemberWithCard();
        await _app.Clerk.CheckoutOk(Basket("exp-1", card, Line("A", 1, 100m)));
        Assert.Equal(new DateOnly(2027, 6, 15), (await _app.StoredMember(memberId)).Lots.Single().ExpiresOn);

        var dayBefore = await _app.RunJobsAt("2027-06-14 23:59:59");
        Assert.Equal(0, dayBefore.Jobs[JobNames.Expiry].Due);
        Assert.Equal(95, (await _app.Admin.Member(memberId)).Available());

        var onTheDay = await _app.RunJobsAt("2027-06-15 00:00:00");
        Assert.Equal(1, onTheDay.Changed(JobNames.Expiry));
        Assert.Equal(0, (await _app.Admin.Member(memberId)).Available());
        var expire = Assert.Single(await _app.Admin.Ledger(memberId), e => e!.Str("kind") == "expire")!;
        Assert.Equal("expire:2027-06-15", expire.Str("operationId"));
        Assert.Equal(-95, expire.Long("pointsDelta"));
        Assert.Equal(0, expire.Long("pointsAfter"));

        // Again, by the scheduler and straight on the grain: nothing is due, nothing changes.
        var again = await _app.RunJobsAt("2027-06-15 00:00:01");
        Assert.Equal(0, again.TotalDue());
        var direct = await _app.Services.GetRequiredService<IGrainFactory>().GetGrain<IMemberGrain>(memberId)
            .RunJob(new RunMemberJob(JobNames.Expiry, JobTime.At("2027-06-15 00:00:01")));
        Assert.False(direct.Changed);
        Assert.Null(direct.NextDueAt);
        Assert.Single(await _app.Admin.Ledger(memberId), e => e!.Str("kind") == "expire");
        Assert.Equal(0, (await _app.Admin.Member(memberId)).Available());
    }

    [Fact]
    public async Task Only_the_lots_that_are_due_expire_and_spending_took_the_oldest_first()
    {
        var (memberId, card) = await _app.Clerk.MemberWithCard();
        await _app.Clerk.CheckoutOk(Basket("old-1", card, Line("A", 1, 200m)));            // 190 points, expire 2027-06-15
        _app.Time.SetUtcNow(JobTime.At("2026-09-01 12:00"));
        await _app.Clerk.CheckoutOk(Basket("new-1", card, Line("A", 1, 100m)));            // 95 points, expire 2027-09-01
        // Pay with 100 points: taken from the oldest lot, which keeps 90.
        await _app.Clerk.CheckoutOk(new { checkoutId = "spend-1", storeId = "S001", cardNumber = card, redeemPoints = 100, lines = new[] { Line("A", 1, 300m) } });
        var balance = (await _app.Admin.Member(memberId)).Available();
        var lots = (await _app.StoredMember(memberId)).Lots;
        Assert.Equal(90, lots[0].Remaining);

        var report = await _app.RunJobsAt("2027-06-15 00:00");
        Assert.Equal(1, report.Changed(JobNames.Expiry));
        Assert.Equal(balance - 90, (await _app.Admin.Member(memberId)).Available());
        var state = await _app.StoredMember(memberId);
        Assert.DoesNotContain(state.Lots, l => l.ExpiresOn <= new DateOnly(2027, 6, 15));
        // The next expiry is scheduled for the next lot's day, at midnight in Shanghai.
        Assert.Equal(JobTime.At("2027-09-01 00:00"), state.Jobs.Due[JobNames.Expiry]);
    }

    [Fact]
    public async Task Pending_points_are_released_the_next_day_into_spendable_lots()
    {
        var memberId = (await _app.Clerk.RegisterMember()).Str("memberId");
        // The checkout that creates pending lots is being built elsewhere; put one in the committed state directly.
        await SeedPending(memberId, earnedOn: new DateOnly(2026, 6, 15), releaseOn: new DateOnly(2026, 6, 16), points: 120);
        Assert.Equal(120, (await _app.Admin.Member(memberId))["points"]!.Long("pending"));

        Assert.Equal(0, (await _app.RunJobsAt("2026-06-15 23:59:59")).Jobs[JobNames.PendingRelease].Due);
        var report = await _app.RunJobsAt("2026-06-16 00:00");
        Assert.Equal(1, report.Changed(JobNames.PendingRelease));

        var member = await _app.Admin.Member(memberId);
        Assert.Equal(120, member.Available());
        Assert.Equal(0, member["points"]!.Long("pending"));
        var release = Assert.Single(await _app.Admin.Ledger(memberId), e => e!.Str("kind") == "release")!;
        Assert.Equal(120, release.Long("pointsDelta"));
        Assert.Equal(-120, release.Long("pendingDelta"));
        var state = await _app.StoredMember(memberId);
        var lot = Assert.Single(state.Lots);
        Assert.Equal(new DateOnly(2027, 6, 15), lot.ExpiresOn);
        Assert.Equal(JobTime.At("2027-06-15 00:00"), state.Jobs.Due[JobNames.Expiry]);
        Assert.Equal(0, (await _app.RunJobsAt("2026-06-16 00:00:01")).TotalDue());
    }

    [Fact]
    public async Task A_tier_is_kept_at_the_twelve_month_review_with_enough_spend_in_the_last_twelve_months()
    {
        var (memberId, card) = await _app.Clerk.MemberWithCard();
        await _app.Clerk.CheckoutOk(Basket("keep-1", card, Line("BIKE", 1, 1_100m)));        // 1,045 → silver on 2026-06-15
        _app.Time.SetUtcNow(JobTime.At("2027-01-10 12:00"));
        await _app.Clerk.CheckoutOk(Basket("keep-2", card, Line("BIKE", 1, 1_200m)));        // 1,080 in the window

        Assert.Equal(0, (await _app.RunJobsAt("2027-06-14 23:59:59")).Jobs[JobNames.TierReview].Due);
        var report = await _app.RunJobsAt("2027-06-15 00:00");
        Assert.Equal(1, report.Jobs[JobNames.TierReview].Due);

        var member = await _app.Admin.Member(memberId);
        Assert.Equal("silver", member.Str("tier"));
        Assert.Equal("2028-06-15", member["tierProgress"]!.Str("reviewOn"));
        Assert.DoesNotContain(await _app.Admin.Ledger(memberId), e => e!.Str("operationId").StartsWith("tier-review", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_spend_the_review_drops_one_step_only_records_it_and_notifies()
    {
        var (memberId, card) = await _app.Clerk.MemberWithCard();
        await _app.Clerk.CheckoutOk(Basket("drop-1", card, Line("TV", 1, 6_000m)));          // 5,700 → gold on 2026-06-15

        await _app.RunJobsAt("2027-06-14 23:59:59");
        Assert.Equal("gold", (await _app.Admin.Member(memberId)).Str("tier"));
        await _app.RunJobsAt("2027-06-15 00:00");

        // The 2026-06-15 purchase is outside the window (12-month metric 0): gold → silver, not regular.
        var member = await _app.Admin.Member(memberId);
        Assert.Equal("silver", member.Str("tier"));
        var tierRow = Assert.Single(await _app.Admin.Ledger(memberId), e => e!.Str("operationId") == "tier-review:2027-06-15")!;
        Assert.Equal("tier", tierRow.Str("kind"));
        Assert.Contains("\"from\":\"gold\"", tierRow.Str("data"));
        Assert.Contains("\"to\":\"silver\"", tierRow.Str("data"));
        var notes = await Notifications(_app.Admin);
        Assert.Contains(notes, n => n!.Str("kind") == "tier_changed" && n!.Str("memberId") == memberId);

        // A year later the next review drops the next step.
        await _app.RunJobsAt("2028-06-15 00:00");
        Assert.Equal("regular", (await _app.Admin.Member(memberId)).Str("tier"));
        Assert.False((await _app.StoredMember(memberId)).Jobs.Due.ContainsKey(JobNames.TierReview));
    }

    [Fact]
    public async Task A_gold_member_gets_one_birthday_coupon_per_year_at_the_start_of_the_birthday_month_and_a_greeting_on_the_day()
    {
        var (memberId, card) = await _app.Clerk.MemberWithCard(birthday: "1990-08-20");
        await _app.Clerk.CheckoutOk(Basket("bd-1", card, Line("TV", 1, 6_000m)));            // gold

        Assert.Equal(0, (await _app.RunJobsAt("2026-07-31 23:59:59")).Jobs[JobNames.Birthday].Due);
        Assert.Equal(1, (await _app.RunJobsAt("2026-08-01 00:00")).Changed(JobNames.Birthday));
        Assert.Equal(0, (await _app.RunJobsAt("2026-08-01 08:00")).Jobs[JobNames.Birthday].Due);
        var coupon = Assert.Single((await _app.StoredMember(memberId)).Coupons);
        Assert.Equal(("birthday", 100m, new DateOnly(2026, 8, 1), new DateOnly(2026, 8, 31)), (coupon.Source, coupon.Amount, coupon.ValidFrom, coupon.ValidTo));

        // Run straight on the grain again in the birthday month: still one coupon.
        var grain = _app.Services.GetRequiredService<IGrainFactory>().GetGrain<IMemberGrain>(memberId);
        Assert.False((await grain.RunJob(new RunMemberJob(JobNames.Birthday, _app.Time.GetUtcNow()))).Changed);

        Assert.Equal(1, (await _app.RunJobsAt("2026-08-20 00:00")).Changed(JobNames.Birthday));
        var notes = await Notifications(_app.Admin);
        Assert.Single(notes, n => n!.Str("kind") == "birthday_greeting" && n!.Str("memberId") == memberId);
        Assert.Single(notes, n => n!.Str("kind") == "coupon_issued" && n!.Str("memberId") == memberId);

        // Keep gold through the 2027 review, then the 2027 coupon arrives on 1 August 2027 — one more, not two.
        _app.Time.SetUtcNow(JobTime.At("2027-05-01 12:00"));
        await _app.Clerk.CheckoutOk(Basket("bd-2", card, Line("TV", 1, 6_000m)));
        await _app.RunJobsAt("2027-06-15 00:00");
        Assert.Equal(1, (await _app.RunJobsAt("2027-08-01 00:00")).Changed(JobNames.Birthday));
        await _app.RunJobsAt("2027-08-02 00:00");
        var coupons = (await _app.StoredMember(memberId)).Coupons;
        Assert.Equal(["BDAY-2026-" + memberId, "BDAY-2027-" + memberId], coupons.Select(c => c.Code));
    }

    [Fact]
    public async Task A_regular_member_gets_a_greeting_but_no_coupon()
    {
        var (memberId, _) = await _app.Clerk.MemberWithCard(birthday: "1991-07-03");
        await _app.RunJobsAt("2026-07-01 00:00");
        await _app.RunJobsAt("2026-07-03 00:00");
        Assert.Empty((await _app.StoredMember(memberId)).Coupons);
        Assert.Contains(await Notifications(_app.Admin), n => n!.Str("kind") == "birthday_greeting" && n!.Str("memberId") == memberId);
        Assert.Equal(JobTime.At("2027-07-01 00:00"), (await _app.StoredMember(memberId)).Jobs.Due[JobNames.Birthday]);
    }

    [Fact]
    public async Task Members_are_reminded_once_of_points_expiring_within_thirty_days()
    {
        var (memberId, card) = await _app.Clerk.MemberWithCard();
        await _app.Clerk.CheckoutOk(Basket("rem-1", card, Line("A", 1, 100m)));              // 95 points, expire 2027-06-15

        Assert.Equal(0, (await _app.RunJobsAt("2027-05-15 23:59:59")).Jobs[JobNames.ExpiryReminder].Due);
        Assert.Equal(1, (await _app.RunJobsAt("2027-05-16 00:00")).Changed(JobNames.ExpiryReminder));
        await _app.RunJobsAt("2027-05-20 00:00");
        var reminder = Assert.Single(await Notifications(_app.Admin), n => n!.Str("kind") == "points_expiring")!;
        Assert.Equal(95, reminder["data"]!.Long("points"));
        Assert.Equal("2027-06-15", reminder["data"]!.Str("firstExpiresOn"));
    }

    [Fact]
    public async Task The_admin_endpoint_runs_a_pass_and_answers_counts_per_job_and_others_may_not()
    {
        var (_, card) = await _app.Clerk.MemberWithCard();
        await _app.Clerk.CheckoutOk(Basket("api-1", card, Line("A", 1, 100m)));
        _app.Time.SetUtcNow(JobTime.At("2027-06-15 00:00"));

        var report = await (await _app.Admin.PostAsync("/api/v1/jobs/run", null)).Json(HttpStatusCode.OK);
        Assert.Equal(1, report["jobs"]![JobNames.Expiry]!.Long("due"));
        Assert.Equal(1, report["jobs"]![JobNames.Expiry]!.Long("changed"));
        await (await _app.Manager.PostAsync("/api/v1/jobs/run", null)).Problem(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Notifications_are_read_in_order_after_a_cursor_and_acknowledged()
    {
        var (first, _) = await _app.Clerk.MemberWithCard(birthday: "1990-06-15");
        var (second, _) = await _app.Clerk.MemberWithCard(birthday: "1992-06-15");
        await _app.RunJobsAt("2026-06-15 12:00");

        var page = await (await _app.Admin.GetAsync("/api/v1/notifications?after=0&limit=1")).Json(HttpStatusCode.OK);
        var one = Assert.Single(page["notifications"]!.AsArray())!;
        var rest = await (await _app.Admin.GetAsync($"/api/v1/notifications?after={page.Long("next")}")).Json(HttpStatusCode.OK);
        var two = Assert.Single(rest["notifications"]!.AsArray())!;
        Assert.Equal(new[] { first, second }.Order(), new[] { one.Str("memberId"), two.Str("memberId") }.Order());
        Assert.True(two.Long("seq") > one.Long("seq"));

        var ack = await (await _app.Admin.PostAsync($"/api/v1/notifications/{Uri.EscapeDataString(one.Str("eventId"))}/ack", null)).Json(HttpStatusCode.OK);
        Assert.Equal(one.Str("eventId"), ack.Str("eventId"));
        var reread = await (await _app.Admin.GetAsync("/api/v1/notifications?after=0")).Json(HttpStatusCode.OK);
        Assert.NotNull(reread["notifications"]![0]!["acknowledgedAt"]);

        await (await _app.Admin.PostAsync("/api/v1/notifications/nope/ack", null)).Problem(HttpStatusCode.NotFound, "not_found");
        await (await _app.Admin.GetAsync("/api/v1/notifications?limit=0")).Problem(HttpStatusCode.BadRequest, "validation");
        await (await _app.Clerk.GetAsync("/api/v1/notifications")).Problem(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task The_cluster_scheduler_grain_runs_passes_on_its_own_timer()
    {
        using var timed = _app.WithWebHostBuilder(b => b.UseSetting("Loyalty:Jobs:Enabled", "true").UseSetting("Loyalty:Jobs:Interval", "00:00:01"));
        var clerk = timed.CreateClient();
        clerk.DefaultRequestHeaders.Add("X-Api-Key", Keys.Clerk);
        var memberId = (await clerk.RegisterMember(birthday: "1990-06-15")).Str("memberId");
        var storage = timed.Services.GetRequiredService<ILedgerStore>();
        // No check that the job is due first: on a busy machine the timer may already have greeted the member.

        // Nobody calls a pass: the grain's timer (wall clock, every second) greets the member.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while ((await storage.ReadDueAsync(JobNames.Birthday, _app.Time.GetUtcNow(), 10)).Count > 0 && waited.Elapsed < TimeSpan.FromSeconds(90))
        {
            await Task.Delay(20);
        }
        Assert.Equal(2026, (await timed.StoredMember(memberId)).Jobs.BirthdayGreetedYear);
    }

    private static async Task<System.Text.Json.Nodes.JsonArray> Notifications(HttpClient admin) =>
        (await (await admin.GetAsync("/api/v1/notifications?limit=1000")).Json(HttpStatusCode.OK))["notifications"]!.AsArray();

    private async Task SeedPending(string memberId, DateOnly earnedOn, DateOnly releaseOn, long points)
    {
        var storage = _app.Services.GetRequiredService<ILedgerStore>();
        var id = new StateId("member", memberId);
        var stored = (await storage.ReadAsync(id))!;
        var state = JsonSerializer.Deserialize(stored.StateJson, GrainJson.Default.MemberState)!;
        state.PendingLots.Add(new PendingLot { EarnedOn = earnedOn, ReleaseOn = releaseOn, Points = points, OperationId = "seed" });
        state.PendingPoints += points;
        var due = JobTime.At($"{releaseOn:yyyy-MM-dd} 00:00");
        state.Jobs.Due[JobNames.PendingRelease] = due;
        var results = await storage.WriteBatchAsync([new StateWrite(id, stored.Version, JsonSerializer.Serialize(state, GrainJson.Default.MemberState),
            new GrainSummary(state.Status, state.Tier, state.HomeStoreId, state.Points, state.PendingPoints), [], [], [new DueJob(JobNames.PendingRelease, due)])]);
        Assert.Equal(WriteOutcome.Committed, results[0].Outcome);
        // The member's activation still holds the old state: collect it, so the next call loads the seeded one.
        await _app.DeactivateIdle();
    }
}
