using System.Globalization;
using Loyalty.Dashboard.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Loyalty.Dashboard.Tests;

/// <summary>The page /dashboard in headless Chromium against the real host.</summary>
public sealed class DashboardPageTests(DashboardHost host, Chromium chromium) : IClassFixture<DashboardHost>, IClassFixture<Chromium>
{
    private Task<IPage> OpenDashboard(string apiKey, string scope) => chromium.OpenDashboard(host, apiKey, scope);

    [Fact]
    public async Task Manager_sees_checkouts_in_the_figures_and_recent_list_within_two_seconds()
    {
        var page = await OpenDashboard("dev-manager-S001", "S001");
        await Expect(page.Locator("#status")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 10_000 });
        await Expect(page.Locator("#kpi-rate")).ToHaveTextAsync("0");

        using var clerk = host.Client("dev-clerk-S001");
        var receipts = new List<CheckoutReceipt>
        {
            await host.Checkout(clerk, "S001", "8800000000000002", 120.00m),
            await host.Checkout(clerk, "S001", "8800000000000002", 35.50m),
            await host.Checkout(clerk, "S001", "8800000000000001", 80.00m),
        };

        // Figures come with the next tick (each second), the list with each checkout: 2 s covers both.
        var within = new LocatorAssertionsToHaveTextOptions { Timeout = 2_000 };
        var sales = receipts.Sum(r => r.QualifyingSpend).ToString("#,0.00", CultureInfo.InvariantCulture);
        await Expect(page.Locator("#kpi-rate")).ToHaveTextAsync("3", within);
        await Expect(page.Locator("#kpi-sales")).ToHaveTextAsync("¥" + sales, within);
        await Expect(page.Locator("#kpi-earned")).ToHaveTextAsync(receipts.Sum(r => r.PointsEarned).ToString("#,0", CultureInfo.InvariantCulture), within);
        foreach (var receipt in receipts)
        {
            await Expect(page.Locator($"#recent li[data-checkout-id='{receipt.CheckoutId}']")).ToBeVisibleAsync(new() { Timeout = 2_000 });
        }
        await Expect(page.Locator("#recent li").First).ToContainTextAsync(receipts[^1].CheckoutId);

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifacts.PathOf("dashboard.png"), FullPage = true });
        await page.SetViewportSizeAsync(1280, 800);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifacts.PathOf("dashboard-laptop.png"), FullPage = true });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Clerk_key_is_refused_with_a_message()
    {
        var page = await OpenDashboard("dev-clerk-S001", "S001");
        await Expect(page.Locator("#message")).ToBeVisibleAsync();
        await Expect(page.Locator("#message")).ToContainTextAsync("clerk keys cannot open");
        await Expect(page.Locator("#status")).ToHaveAttributeAsync("data-state", "down");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_key_is_kept_for_the_tab_only_and_a_refused_key_clears_the_title()
    {
        var page = await OpenDashboard("dev-manager-S001", "S001");
        await Expect(page.Locator("#status")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 10_000 });
        await Expect(page).ToHaveTitleAsync("Store S001 · Live dashboard");
        Assert.Equal("dev-manager-S001", await page.EvaluateAsync<string?>("() => sessionStorage.getItem('loyalty.dashboard.key')"));
        Assert.Null(await page.EvaluateAsync<string?>("() => localStorage.getItem('loyalty.dashboard.key')"));

        await page.FillAsync("#api-key", "not-a-key");
        await page.ClickAsync("#connect-button");

        await Expect(page.Locator("#message")).ToContainTextAsync("not known");
        await Expect(page).ToHaveTitleAsync("Live store dashboard · Loyalty");
        await Expect(page.Locator("#scope-title")).ToHaveTextAsync("Live dashboard");
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('loyalty.dashboard.key')"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Manager_choosing_another_store_gets_their_own_store()
    {
        var page = await OpenDashboard("dev-manager-S001", "S002");
        await Expect(page.Locator("#status")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 10_000 });
        await Expect(page.Locator("#scope-title")).ToHaveTextAsync("Store S001");
        await page.Context.CloseAsync();
    }
}
