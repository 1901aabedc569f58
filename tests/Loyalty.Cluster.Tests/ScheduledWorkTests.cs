using System.Diagnostics.Metrics;
using System.Net;
using Loyalty.Cluster.Tests.Support;
using Loyalty.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Cluster.Tests;

/// <summary>Scheduled jobs and webhook deliveries run once per cluster, not once per host (issue 12 item 3, issue 11 item 6).</summary>
public sealed class ScheduledWorkTests
{
    [Fact]
    public async Task Three_hosts_with_timers_on_run_each_job_and_each_delivery_once_from_one_activation()
    {
        await using var receiver = new WebhookReceiver();
        await using var cluster = await LocalCluster.StartAsync(3, new Dictionary<string, string?>
        {
            ["Loyalty:Jobs:Enabled"] = "true",
            ["Loyalty:Jobs:Interval"] = "00:00:01",
            ["Loyalty:WebhookDelivery:Enabled"] = "true",
            ["Loyalty:WebhookDelivery:PollInterval"] = "00:00:01",
            ["Loyalty:Webhooks:0:Name"] = "crm",
            ["Loyalty:Webhooks:0:Url"] = receiver.Url,
            ["Loyalty:Webhooks:0:Secret"] = "s3cret",
        });
        var passes = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Loyalty" && instrument.Name == "loyalty.jobs.pass.duration")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref passes));
        listener.Start();

        // Six members whose birthday is today (2026-06-15), registered through the three hosts: each is due a greeting.
        var members = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            members.Add(await cluster.Hosts[i % 3].Client(Http.Clerk).RegisterMember($"1390000020{i}", birthday: "1990-06-15"));
        }

        await Condition.WaitAsync(() => receiver.Deliveries.Count(d => d.Kind == "birthday_greeting") >= 6, "six greetings delivered",
            TimeSpan.FromSeconds(60));
        // Three more passes of every timer after that: a second scheduler or dispatcher would have doubled something by now.
        var seen = Volatile.Read(ref passes);
        await Condition.WaitAsync(() => Volatile.Read(ref passes) >= seen + 3, "three more scheduler passes", TimeSpan.FromSeconds(30));

        var greetings = receiver.Deliveries.Where(d => d.Kind == "birthday_greeting").ToList();
        Assert.Equal(6, greetings.Count);
        Assert.Equal(6, greetings.Select(d => d.EventId).Distinct().Count());
        Assert.All(greetings, d => Assert.Equal(1, d.Attempt));
        var outbox = await (await cluster.Hosts[1].Client(Http.Admin).GetAsync("/api/v1/notifications?limit=1000")).Json(HttpStatusCode.OK);
        var greeted = outbox["notifications"]!.AsArray().Where(n => n!.Str("kind") == "birthday_greeting").Select(n => n!.Str("memberId")).ToList();
        Assert.Equal(members.Order(), greeted.Order());

        // One activation of each pass grain in the whole cluster, whichever host started it.
        var management = cluster.Hosts[2].Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        var statistics = await management.GetSimpleGrainStatistics();
        Assert.Equal(1, statistics.Where(s => s.GrainType.Contains("JobSchedulerGrain", StringComparison.Ordinal)).Sum(s => s.ActivationCount));
        Assert.Equal(1, statistics.Where(s => s.GrainType.Contains("WebhookDispatcherGrain", StringComparison.Ordinal)).Sum(s => s.ActivationCount));
    }
}
