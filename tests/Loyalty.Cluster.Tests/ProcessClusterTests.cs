using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Loyalty.Cluster.Tests.Support;
using Loyalty.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Loyalty.Cluster.Tests;

/// <summary>
/// The cluster as it runs for real (load/cluster.sh: two silo hosts and an API-only host, separate processes on one
/// PostgreSQL; three silos are killed and restarted in the TestingHost tests, which are cheaper on 2 cores): a silo killed with SIGKILL under load, then every host restarted one at a time under load. Nothing
/// acknowledged is lost, nothing is booked twice, callers only ever see answers they can retry, and the dashboards
/// open in a browser come back by themselves.
/// </summary>
public sealed class ProcessClusterTests(ITestOutputHelper output)
{
    private const int Members = 12;

    [Fact]
    public async Task A_killed_silo_and_a_rolling_restart_under_load_lose_nothing_double_nothing_and_dashboards_reconnect()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var cluster = await ScriptCluster.UpAsync(silos: 2, apiOnly: 1);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F0} s: cluster up");
        var clerks = Enumerable.Range(0, 3).Select(i => cluster.Client(i, Http.Clerk)).ToArray();
        var members = new List<string>();
        for (var i = 0; i < Members; i++)
        {
            members.Add(await clerks[i % 3].RegisterMember($"1370000{i:D4}"));
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
        });
        // A chain dashboard on the API-only host; the checkouts it shows are served by the others, and it is restarted below.
        var pages = new[] { await OpenDashboard(browser, cluster.Hosts[2].Url) };
        foreach (var page in pages)
        {
            await Expect(page.Locator("#status")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 20_000 });
        }

        output.WriteLine($"{clock.Elapsed.TotalSeconds:F0} s: dashboards live");
        var load = new CheckoutLoad(clerks, members);
        var running = load.RunAsync(workers: 4);
        await Condition.WaitAsync(() => load.Acknowledged >= 40, "40 checkouts under load", TimeSpan.FromSeconds(60));

        // kill -9 of the second silo host; the load goes through the others meanwhile.
        load.Avoid(1);
        await cluster.KillAsync(1);
        var atKill = load.Acknowledged;
        // Every member checks out again, those whose grains were on the dead silo included: they came back elsewhere.
        await Condition.WaitAsync(() => members.All(m => load.Receipts.Values.Any(r => r.MemberId == m && r.Index > atKill)),
            "every member to check out again after the kill", TimeSpan.FromSeconds(90));
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F0} s: every member checked out again after the kill");
        await cluster.RestartAsync(1);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F0} s: killed host back");
        clerks[1] = cluster.Client(1, Http.Clerk);
        load.Allow(1);

        // Rolling restart: each host in turn (the API-only one too), while the load goes through the others.
        for (var host = 0; host < 3; host++)
        {
            load.Avoid(host);
            await cluster.RestartAsync(host);
            // A new client: the old one's pooled connections went with the old process.
            clerks[host] = cluster.Client(host, Http.Clerk);
            load.Allow(host);
            var before = load.Acknowledged;
            await Condition.WaitAsync(() => load.Acknowledged >= before + 40, $"40 more checkouts after restarting host {host + 1}", TimeSpan.FromSeconds(60));
            output.WriteLine($"{clock.Elapsed.TotalSeconds:F0} s: host {host + 1} restarted");
        }
        await load.StopAsync(running);
        output.WriteLine($"{load.Acknowledged} checkouts acknowledged; answers on the way: {load.StatusSummary()}");

        // Every answer a caller got was a success or a retryable refusal (409 conflict, 503 unavailable): never a 500,
        // never another error. 0 is no answer at all (a connection to a host that was going away), retried alike.
        Assert.All(load.Statuses.Keys, status => Assert.Contains(status, new[] { 0, 200, 409, 503 }));
        // Each checkout, retried under its id until answered, is booked exactly once: every balance is exactly the
        // sum of its receipts, and every member's ledger has one checkout row per acknowledged checkout.
        var admin = cluster.Client(1, Http.Admin);
        foreach (var memberId in members)
        {
            var receipts = load.Receipts.Where(r => r.Value.MemberId == memberId).ToList();
            var member = await (await admin.GetAsync($"/api/v1/members/{memberId}")).Json(HttpStatusCode.OK);
            Assert.Equal(receipts.Sum(r => r.Value.Points), member["points"]!.Long("available"));
            var booked = await CheckoutRows(admin, memberId);
            Assert.Equal(receipts.Select(r => r.Key).Order(), booked.Order());
        }

        output.WriteLine($"{clock.Elapsed.TotalSeconds:F0} s: balances and ledgers checked");
        // The dashboard reconnected by itself and shows a checkout served by another host.
        var marker = await (await cluster.Client(0, Http.Clerk).Checkout(Http.Basket("after-restarts", members[0], 42m))).Json(HttpStatusCode.OK);
        foreach (var page in pages)
        {
            await Expect(page.Locator("#status")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 30_000 });
            await Expect(page.Locator($"#recent li[data-checkout-id='{marker.Str("checkoutId")}']")).ToBeVisibleAsync(new() { Timeout = 5_000 });
        }
    }

    /// <summary>The operation ids of the member's checkout ledger rows, all pages.</summary>
    private static async Task<List<string>> CheckoutRows(HttpClient admin, string memberId)
    {
        var ids = new List<string>();
        long? before = null;
        do
        {
            var page = await (await admin.GetAsync($"/api/v1/members/{memberId}/ledger?limit=500{(before is { } b ? $"&before={b}" : "")}"))
                .Json(HttpStatusCode.OK);
            ids.AddRange(page["entries"]!.AsArray().Where(e => e!.Str("kind") == "checkout").Select(e => e!.Str("operationId")));
            before = page["nextBefore"]?.GetValue<long>();
        }
        while (before is not null);
        return ids;
    }

    private static async Task<IPage> OpenDashboard(IBrowser browser, Uri host)
    {
        var page = await (await browser.NewContextAsync()).NewPageAsync();
        await page.GotoAsync(new Uri(host, "/dashboard").ToString());
        await page.FillAsync("#api-key", Http.Admin);
        await page.SelectOptionAsync("#scope-select", "chain");
        await page.ClickAsync("#connect-button");
        return page;
    }

    /// <summary>
    /// Paced checkouts over the hosts not avoided: each checkout is retried under its own id, through the next
    /// host, until it is answered 200; every status seen is counted.
    /// </summary>
    private sealed class CheckoutLoad(HttpClient[] clerks, IReadOnlyList<string> members)
    {
        private readonly bool[] _avoided = new bool[clerks.Length];
        private readonly CancellationTokenSource _stop = new();
        private int _acknowledged;

        public ConcurrentDictionary<string, (string MemberId, long Points, int Index)> Receipts { get; } = new();

        public ConcurrentDictionary<int, int> Statuses { get; } = new();

        public int Acknowledged => Volatile.Read(ref _acknowledged);

        public void Avoid(int host) => Volatile.Write(ref _avoided[host], true);

        public void Allow(int host) => Volatile.Write(ref _avoided[host], false);

        public string StatusSummary() => string.Join(", ", Statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"));

        public Task RunAsync(int workers) => Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(() => WorkAsync(worker))));

        public async Task StopAsync(Task running)
        {
            await _stop.CancelAsync();
            await running;
        }

        private async Task WorkAsync(int worker)
        {
            var random = new Random(worker);
            for (var n = 0; !_stop.IsCancellationRequested; n++)
            {
                var memberId = members[random.Next(members.Count)];
                var checkoutId = $"w{worker}-{n}";
                var basket = Http.Basket(checkoutId, memberId, 10m + random.Next(0, 90));
                for (var attempt = 0; ; attempt++)
                {
                    var host = NextHost(worker + n + attempt);
                    var (status, receipt) = await SendAsync(clerks[host], basket);
                    Statuses.AddOrUpdate(status, 1, (_, c) => c + 1);
                    if (status == 200)
                    {
                        Receipts[checkoutId] = (memberId, receipt!.Long("pointsEarned"), Interlocked.Increment(ref _acknowledged));
                        break;
                    }
                    // Unanswered or refused for now: the same checkout again, through another host, a moment later.
                    await Task.Delay(100 + attempt * 50);
                }
                // Paced (about 40 checkouts a second in all): enough to be "under load" at every moment, while the
                // hosts being restarted still get the CPU of this 2-core machine to start.
                await Task.Delay(100);
            }
        }

        private int NextHost(int seed)
        {
            for (var i = 0; i < clerks.Length; i++)
            {
                var host = (seed + i) % clerks.Length;
                if (!Volatile.Read(ref _avoided[host]))
                {
                    return host;
                }
            }
            return 0;
        }

        private static async Task<(int Status, JsonNode? Receipt)> SendAsync(HttpClient clerk, object basket)
        {
            try
            {
                using var response = await clerk.PostAsJsonAsync("/api/v1/checkouts", basket);
                var body = await response.Content.ReadAsStringAsync();
                return ((int)response.StatusCode, response.IsSuccessStatusCode ? JsonNode.Parse(body) : null);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // No answer at all (the host went away mid-request): status 0, retried like the others.
                return (0, null);
            }
        }
    }
}
