using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Loyalty.Dashboard.Tests.Support;

namespace Loyalty.Dashboard.Tests;

/// <summary>Who may watch what, on the hub (raw WebSocket, SignalR JSON protocol) and on the live endpoints.</summary>
public sealed class HubAuthorizationTests(DashboardHost host) : IClassFixture<DashboardHost>
{
    private static string? ErrorOf(JsonElement completion) =>
        completion.TryGetProperty("error", out var error) ? error.GetString() : null;

    [Fact]
    public async Task Manager_of_S001_cannot_subscribe_to_S002()
    {
        await using var manager = await RawSignalRClient.Connect(host.BaseAddress, "dev-manager-S001");

        Assert.Contains("may not watch store S002", ErrorOf(await manager.Invoke("SubscribeStore", "S002")));
        Assert.NotNull(ErrorOf(await manager.Invoke("SubscribeChain")));
        Assert.Null(ErrorOf(await manager.Invoke("SubscribeStore", "S001")));
    }

    [Fact]
    public async Task Admin_may_subscribe_to_any_store_and_the_chain()
    {
        await using var admin = await RawSignalRClient.Connect(host.BaseAddress, "dev-admin");

        Assert.Null(ErrorOf(await admin.Invoke("SubscribeStore", "S002")));
        Assert.Null(ErrorOf(await admin.Invoke("SubscribeChain")));
    }

    [Theory]
    [InlineData("dev-clerk-S001", 403)]
    [InlineData("not-a-key", 401)]
    [InlineData(null, 401)]
    public async Task Clerks_and_unknown_keys_are_refused_at_connect(string? apiKey, int status)
    {
        Assert.Equal(status, await RawSignalRClient.ConnectStatus(host.BaseAddress, apiKey));
    }

    [Fact]
    public async Task The_hub_accepts_the_standard_bearer_token_on_negotiate_and_connect()
    {
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        using var negotiate = new HttpRequestMessage(HttpMethod.Post, "/hubs/dashboard/negotiate?negotiateVersion=1");
        negotiate.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "dev-manager-S001");
        using var unknown = new HttpRequestMessage(HttpMethod.Post, "/hubs/dashboard/negotiate?negotiateVersion=1");
        unknown.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "not-a-key");

        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(negotiate)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(unknown)).StatusCode);

        await using var manager = await RawSignalRClient.Connect(host.BaseAddress, "dev-manager-S001", bearer: true);
        Assert.Null(ErrorOf(await manager.Invoke("SubscribeStore", "S001")));
    }

    [Fact]
    public async Task Unknown_stores_are_refused()
    {
        await using var admin = await RawSignalRClient.Connect(host.BaseAddress, "dev-admin");

        Assert.Contains("Not a store of the chain", ErrorOf(await admin.Invoke("SubscribeStore", "S999")));
        using var client = host.Client("dev-admin");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/stores/S999/live")).StatusCode);
    }

    [Theory]
    [InlineData("dev-manager-S001", "/api/v1/stores/S001/live", HttpStatusCode.OK)]
    [InlineData("dev-manager-S001", "/api/v1/stores/S002/live", HttpStatusCode.Forbidden)]
    [InlineData("dev-manager-S001", "/api/v1/chain/live", HttpStatusCode.Forbidden)]
    [InlineData("dev-clerk-S001", "/api/v1/stores/S001/live", HttpStatusCode.Forbidden)]
    [InlineData("not-a-key", "/api/v1/stores/S001/live", HttpStatusCode.Unauthorized)]
    [InlineData("dev-admin", "/api/v1/stores/S002/live", HttpStatusCode.OK)]
    [InlineData("dev-admin", "/api/v1/chain/live", HttpStatusCode.OK)]
    public async Task Live_history_follows_the_same_rules(string apiKey, string path, HttpStatusCode expected)
    {
        using var client = host.Client(apiKey);
        Assert.Equal(expected, (await client.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task Subscriber_receives_ticks_and_checkouts_and_history_keeps_them()
    {
        await using var manager = await RawSignalRClient.Connect(host.BaseAddress, "dev-manager-S002");
        var ticks = new List<JsonElement>();
        using var tickArrived = new SemaphoreSlim(0);
        manager.OnTick = (tick, _) =>
        {
            lock (ticks)
            {
                ticks.Add(tick);
            }
            tickArrived.Release();
        };
        Assert.Null(ErrorOf(await manager.Invoke("SubscribeStore", "S002")));
        using var clerk = host.Client("dev-clerk-S002");
        var receipt = await host.Checkout(clerk, "S002", "8800000000000004", 66.60m);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var checkout = await manager.Messages.ReadAsync(timeout.Token);
        Assert.Equal("checkout", checkout.GetProperty("target").GetString());
        var pushed = checkout.GetProperty("arguments")[0];
        Assert.Equal(receipt.CheckoutId, pushed.GetProperty("checkoutId").GetString());
        Assert.Equal(receipt.QualifyingSpend, pushed.GetProperty("amount").GetDecimal());
        Assert.Equal(receipt.TierAfter, pushed.GetProperty("tier").GetString());

        // A repeat of the same checkout returns the first receipt and is not counted again.
        await host.Checkout(clerk, "S002", "8800000000000004", 66.60m, receipt.CheckoutId);
        // Two more ticks: the second in which the repeat arrived has certainly closed.
        while (tickArrived.Wait(0))
        {
        }
        await tickArrived.WaitAsync(timeout.Token);
        await tickArrived.WaitAsync(timeout.Token);
        using var admin = host.Client("dev-admin");
        var snapshot = await admin.GetFromJsonAsync<LiveSnapshotDto>("/api/v1/stores/S002/live", timeout.Token);
        Assert.Equal(1, snapshot!.Ticks.Sum(t => t.Checkouts));
        Assert.Equal(receipt.QualifyingSpend, snapshot.Ticks.Sum(t => t.Sales));
        Assert.Equal(receipt.CheckoutId, Assert.Single(snapshot.RecentCheckouts).CheckoutId);
        lock (ticks)
        {
            Assert.NotEmpty(ticks);
            Assert.All(ticks, t => Assert.Equal("S002", t.GetProperty("storeId").GetString()));
        }
    }

    private sealed record TickDto(string? StoreId, DateTimeOffset At, int Checkouts, decimal Sales);

    private sealed record CheckoutDto(string CheckoutId);

    private sealed record LiveSnapshotDto(string? StoreId, List<TickDto> Ticks, List<CheckoutDto> RecentCheckouts);
}
