using Microsoft.Playwright;

namespace Loyalty.Dashboard.Tests.Support;

/// <summary>
/// Headless Debian Chromium driven by Playwright .NET. Playwright cannot download its own browsers here, so the
/// system one is used (test.sh installs it when missing).
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
    }

    /// <summary>Opens /dashboard in a fresh context (empty localStorage), enters the key and scope, presses Open.</summary>
    public async Task<IPage> OpenDashboard(DashboardHost host, string apiKey, string scope)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1600, Height = 900 } });
        var page = await context.NewPageAsync();
        // The page's console goes to the test output: a failing browser test then says why.
        page.Console += (_, message) => Console.Error.WriteLine($"[browser {message.Type}] {message.Text}");
        page.PageError += (_, error) => Console.Error.WriteLine($"[browser error] {error}");
        await page.GotoAsync(new Uri(host.BaseAddress, "/dashboard").ToString());
        await page.FillAsync("#api-key", apiKey);
        await page.SelectOptionAsync("#scope-select", scope);
        await page.ClickAsync("#connect-button");
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
    }
}
