using Loyalty.Dashboard.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Loyalty.Dashboard.Tests;

/// <summary>The admin's view: the chain, and the demo traffic simulator switched from the page (own host: it makes traffic).</summary>
public sealed class SimulatorPageTests(DashboardHost host, Chromium chromium) : IClassFixture<DashboardHost>, IClassFixture<Chromium>
{
    private Task<IPage> OpenDashboard(string apiKey, string scope) => chromium.OpenDashboard(host, apiKey, scope);

    [Fact]
    public async Task Admin_watches_the_chain_and_can_start_the_simulator()
    {
        var page = await OpenDashboard("dev-admin", "chain");
        await Expect(page.Locator("#status")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 10_000 });
        await Expect(page.Locator("#scope-title")).ToHaveTextAsync("Whole chain");
        var button = page.Locator("#simulator-button");
        await Expect(button).ToBeVisibleAsync();
        await button.ClickAsync();
        await Expect(button).ToHaveAttributeAsync("data-running", "true");
        // Demo traffic reaches the chain's figures.
        await Expect(page.Locator("#kpi-rate")).Not.ToHaveTextAsync("0", new() { Timeout = 5_000 });
        await button.ClickAsync();
        await Expect(button).ToHaveAttributeAsync("data-running", "false");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifacts.PathOf("dashboard-chain.png") });
        await page.Context.CloseAsync();
    }
}
