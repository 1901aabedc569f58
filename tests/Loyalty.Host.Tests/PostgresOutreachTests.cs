using System.Net;
using System.Net.Http.Json;
using Loyalty.Host.Jobs;
using Loyalty.Host.Tests.Support;
using Loyalty.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static Loyalty.Host.Tests.Support.Api;

namespace Loyalty.Host.Tests;

/// <summary>Outreach on PostgreSQL: a coupon job resumed after a restart mid-way, and the customer classes report.</summary>
public sealed class PostgresOutreachTests : IAsyncLifetime
{
    private PostgresTestSchema _schema = null!;

    public async Task InitializeAsync() => _schema = await PostgresTestSchema.CreateMigratedAsync();

    public async Task DisposeAsync() => await _schema.DisposeAsync();

    [Fact]
    public async Task A_job_stopped_mid_batch_resumes_after_a_restart_without_skipping_or_doubling_a_member()
    {
        const string jobId = "spring-all";
        var members = new List<string>();
        var stepped = new Dictionary<string, string?> { ["Loyalty:Outreach:AutoRun"] = "false", ["Loyalty:Outreach:BatchSize"] = "2" };
        using (var app = new LoyaltyApp(_schema.ConnectionString, settings: stepped))
        {
            await app.DefineTemplate("SPRING");
            for (var i = 0; i < 5; i++)
            {
                members.Add(await app.Clerk.NewMemberId(homeStoreId: "S001"));
            }
            members.Sort(StringComparer.Ordinal);
            var started = await (await app.Manager.StartOutreach(jobId, "SPRING", new { homeStoreId = "S001" })).Json(HttpStatusCode.Accepted);
            Assert.Equal(0, started.Long("processed"));

            // One batch of 2 runs and is counted.
            var runner = app.Services.GetRequiredService<CouponOutreachRunner>();
            var afterOne = await runner.RunAsync(jobId, maxBatches: 1, CancellationToken.None);
            Assert.Equal((2, 2, members[1]), (afterOne.Processed, afterOne.Issued, afterOne.Cursor));
            // The next batch had issued its first coupon when the host stopped: the cursor never moved past it.
            await (await app.Manager.PostAsJsonAsync($"/api/v1/members/{members[2]}/coupons",
                new { templateId = "SPRING", couponCode = CouponOutreachRunner.CouponCode(jobId) })).Json(HttpStatusCode.Created);
            var stopped = await app.Manager.Outreach(jobId);
            Assert.Equal(("running", 2L), (stopped.Str("status"), stopped.Long("processed")));
        }

        // The restarted host resumes the job by itself (batches of 2: members 3–4, then 5, then none left).
        using var restarted = new LoyaltyApp(_schema.ConnectionString, settings: new Dictionary<string, string?> { ["Loyalty:Outreach:BatchSize"] = "2" });
        var done = await restarted.Manager.OutreachCompleted(jobId);
        Assert.Equal(5, done.Long("processed"));
        Assert.Equal(5, done.Long("issued"));
        Assert.Equal(3, done.Long("batches"));
        foreach (var member in members)
        {
            var coupon = Assert.Single(await restarted.Manager.CouponsOf(member))!;
            Assert.Equal(CouponOutreachRunner.CouponCode(jobId), coupon.Str("couponCode"));
        }
    }

    [Fact]
    public async Task Customer_classes_read_from_postgres_match_the_hand_worked_figures()
    {
        using var app = new LoyaltyApp(_schema.ConnectionString);
        await CustomerClassScenario.Run(app);
        await CustomerClassScenario.AssertReport(app);
    }
}
