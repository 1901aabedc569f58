using System.Collections.Concurrent;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Members;
using Loyalty.Grains.Tests.Support;
using Loyalty.Persistence;
using Loyalty.Tests.Support;

namespace Loyalty.Grains.Tests.Cluster;

/// <summary>
/// The engine's own member grains on three silos over PostgreSQL (issue 12 item 5): checkouts of one member arriving
/// through different silos, a silo killed under checkout load, every silo restarted in turn under load. Callers retry
/// an unanswered checkout under the same checkout id, as tills do; the ledger is the judge of what was booked.
/// </summary>
public sealed class ThreeSiloCheckoutTests
{
    private static readonly Actor Clerk = new("clerk", "S001", "key-test");
    private const int Members = 12;

    [Fact]
    public async Task One_members_checkouts_sent_through_two_silos_at_once_end_with_the_exact_balance()
    {
        await using var store = await StoreKind.CreateAsync(StoreKind.Postgres);
        await using var cluster = await LedgeredCluster.StartAsync(store.Store, silos: 3);
        await Register(cluster.Client, "M-BOTH");
        var viaA = cluster.ServiceOf<IGrainFactory>(cluster.Silos[0]);
        var viaB = cluster.ServiceOf<IGrainFactory>(cluster.Silos[1]);

        // 2 × 25 checkouts of 10.00 at once, half of them sent from each silo: 5% off → 9.50 paid → 9 points each.
        var receipts = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            (i % 2 == 0 ? viaA : viaB).GetGrain<IMemberGrain>("M-BOTH").Checkout(Checkout($"both-{i}", 10m))));

        Assert.All(receipts, r => Assert.Equal(9, r.PointsEarned));
        var member = (await cluster.Grain<IMemberGrain>("M-BOTH").Get(new GetMember()))!;
        Assert.Equal(450, member.Points.Available);
        Assert.Equal(475.00m, member.QualifyingSpend);
        Assert.Equal(50, (await store.Store.ReadLedgerAsync(LedgerAccounts.Member("M-BOTH"), 1000)).Count(e => e.Row.Kind == "checkout"));
    }

    [Fact]
    public async Task A_silo_killed_under_checkout_load_loses_nothing_and_each_retried_checkout_is_booked_once()
    {
        await using var store = await StoreKind.CreateAsync(StoreKind.Postgres);
        await using var cluster = await LedgeredCluster.StartAsync(store.Store, silos: 3);
        var members = await RegisterMembers(cluster);
        var doomed = cluster.Silos[1];
        // The load comes in through the two silos that stay (as the API of their hosts would send it).
        var load = new Load(members, [cluster.ServiceOf<IGrainFactory>(cluster.Silos[0]), cluster.ServiceOf<IGrainFactory>(cluster.Silos[2])]);
        var running = load.RunAsync(workers: 8);

        await Condition.WaitAsync(() => load.Acknowledged >= 100, "100 acknowledged checkouts");
        await cluster.KillAsync(doomed);
        var atKill = load.Acknowledged;
        // Every member checks out again, those whose grains died with the silo included: they came back elsewhere.
        await Condition.WaitAsync(() => members.All(m => load.Receipts.Values.Any(r => r.MemberId == m && r.Index > atKill)),
            "every member to check out again after the kill", TimeSpan.FromSeconds(60));
        await load.StopAsync(running);

        await AssertBookedExactlyOnce(cluster, store, load, members);
        Assert.All(load.Errors.Keys, Load.AssertRetryable);
    }

    [Fact]
    public async Task A_rolling_restart_of_every_silo_under_checkout_load_loses_nothing()
    {
        await using var store = await StoreKind.CreateAsync(StoreKind.Postgres);
        await using var cluster = await LedgeredCluster.StartAsync(store.Store, silos: 3);
        var members = await RegisterMembers(cluster);
        var load = new Load(members, [cluster.Client]);
        var running = load.RunAsync(workers: 8);

        foreach (var silo in cluster.Silos.ToList())
        {
            var before = load.Acknowledged;
            await Condition.WaitAsync(() => load.Acknowledged >= before + 50, "50 more checkouts", TimeSpan.FromSeconds(60));
            await cluster.RestartAsync(silo);
        }
        var afterAll = load.Acknowledged;
        await Condition.WaitAsync(() => load.Acknowledged >= afterAll + 50, "50 checkouts after the last restart", TimeSpan.FromSeconds(60));
        await load.StopAsync(running);

        await AssertBookedExactlyOnce(cluster, store, load, members);
        Assert.All(load.Errors.Keys, Load.AssertRetryable);
    }

    private static async Task AssertBookedExactlyOnce(LedgeredCluster cluster, StoreKind store, Load load, IReadOnlyList<string> members)
    {
        foreach (var memberId in members)
        {
            var receipts = load.Receipts.Where(r => r.Value.MemberId == memberId).ToList();
            var booked = (await store.Store.ReadLedgerAsync(LedgerAccounts.Member(memberId), 100_000))
                .Where(e => e.Row.Kind == "checkout").Select(e => e.Row.OperationId).ToList();
            // Every acknowledged checkout is booked, once; nothing unacknowledged is left booked (every one was retried to an answer).
            Assert.Equal(receipts.Select(r => r.Key).Order(), booked.Order());
            var member = (await Retry(() => cluster.Grain<IMemberGrain>(memberId).Get(new GetMember())))!;
            Assert.Equal(receipts.Sum(r => r.Value.Points), member.Points.Available);
        }
    }

    private static async Task<List<string>> RegisterMembers(LedgeredCluster cluster)
    {
        var members = Enumerable.Range(0, Members).Select(i => $"M-{i:D2}").ToList();
        for (var i = 0; i < members.Count; i++)
        {
            await Register(cluster.Client, members[i], i + 1);
        }
        return members;
    }

    private static Task<MemberView> Register(IGrainFactory grains, string memberId, int number = 0) =>
        grains.GetGrain<IMemberGrain>(memberId).Register(new RegisterMember(memberId, "Test " + memberId,
            $"13800{number:D6}", new DateOnly(1990, 1, 1), null, "S001", null, Clerk));

    private static MemberCheckout Checkout(string checkoutId, decimal unitPrice) => new(checkoutId, checkoutId, "S001", null,
        [new CheckoutLineRequest("RICE", "grocery", 1, unitPrice, false)], 0, null, 0m, false);

    private static async Task<T> Retry<T>(Func<Task<T>> call)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>Checkouts on random members, each retried under its own id (through the next entry point) until answered.</summary>
    private sealed class Load(IReadOnlyList<string> members, IReadOnlyList<IGrainFactory> entryPoints)
    {
        private readonly CancellationTokenSource _stop = new();
        private int _acknowledged;

        public ConcurrentDictionary<string, (string MemberId, long Points, int Index)> Receipts { get; } = new();

        public ConcurrentDictionary<string, int> Errors { get; } = new();

        public int Acknowledged => Volatile.Read(ref _acknowledged);

        public Task RunAsync(int workers) => Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(() => WorkAsync(w))));

        public async Task StopAsync(Task running)
        {
            await _stop.CancelAsync();
            await running;
        }

        /// <summary>What a caller may see while the cluster changes: Orleans' transport errors, or a retryable conflict.</summary>
        public static void AssertRetryable(string error) => Assert.Contains(error, new[]
        {
            nameof(SiloUnavailableException), nameof(OrleansMessageRejectionException), nameof(TimeoutException),
            nameof(GrainConflictException), "ConnectionFailedException", nameof(ClientNotAvailableException),
        });

        private async Task WorkAsync(int worker)
        {
            var random = new Random(worker);
            for (var n = 0; !_stop.IsCancellationRequested; n++)
            {
                var memberId = members[random.Next(members.Count)];
                var request = Checkout($"w{worker}-{n}", 10m + random.Next(0, 90));
                for (var attempt = 0; ; attempt++)
                {
                    try
                    {
                        var receipt = await entryPoints[(worker + attempt) % entryPoints.Count].GetGrain<IMemberGrain>(memberId).Checkout(request);
                        Receipts[request.CheckoutId] = (memberId, receipt.PointsEarned, Interlocked.Increment(ref _acknowledged));
                        break;
                    }
                    catch (Exception e)
                    {
                        Errors.AddOrUpdate(e.GetType().Name, 1, (_, c) => c + 1);
                        await Task.Delay(20);
                    }
                }
            }
        }
    }
}
