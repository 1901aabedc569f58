using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Dashboard.Tests.Support;

/// <summary>
/// The real host on Kestrel at a free localhost port (browsers and WebSockets need a real socket, not TestServer),
/// on in-memory storage with the demo data and the simulator off.
/// </summary>
public class DashboardHost : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly Dictionary<string, string?> _settings = new()
    {
        // Empty: in-memory storage whatever the environment says, so the demo members and cards exist.
        ["ConnectionStrings:Loyalty"] = "",
        ["Loyalty:Simulator:Enabled"] = "false",
        ["Logging:LogLevel:Default"] = "Warning",
    };

    public DashboardHost()
    {
        UseKestrel(0);
    }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Sets a configuration value; call before the host starts.</summary>
    public DashboardHost With(string key, string value)
    {
        _settings[key] = value;
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public Task InitializeAsync()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.First().Replace("[::]", "127.0.0.1").Replace("localhost", "127.0.0.1"));
        return Task.CompletedTask;
    }

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    public HttpClient Client(string apiKey)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    /// <summary>A real checkout through the API on a demo card; returns the receipt as JSON.</summary>
    public Task<CheckoutReceipt> Checkout(HttpClient clerk, string storeId, string cardNumber, decimal unitPrice, string? checkoutId = null) =>
        Post(clerk, "/api/v1/checkouts", storeId, cardNumber, unitPrice, checkoutId);

    /// <summary>The receipt the same checkout would get, changing nothing.</summary>
    public Task<CheckoutReceipt> Quote(HttpClient clerk, string storeId, string cardNumber, decimal unitPrice, string checkoutId) =>
        Post(clerk, "/api/v1/checkouts/quote", storeId, cardNumber, unitPrice, checkoutId);

    private static async Task<CheckoutReceipt> Post(HttpClient clerk, string path, string storeId, string cardNumber, decimal unitPrice, string? checkoutId)
    {
        var body = new
        {
            checkoutId = checkoutId ?? "t-" + Guid.NewGuid().ToString("N")[..16],
            storeId,
            cardNumber,
            lines = new[] { new { sku = "COFFEE", category = "grocery", quantity = 1, unitPrice } },
        };
        var response = await clerk.PostAsJsonAsync(path, body);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<CheckoutReceipt>())!;
    }
}

/// <summary>The receipt fields the dashboard tests look at.</summary>
public sealed record CheckoutReceipt(string CheckoutId, string StoreId, decimal QualifyingSpend, decimal AmountDue, long PointsEarned, long PointsBalance, string TierAfter);
