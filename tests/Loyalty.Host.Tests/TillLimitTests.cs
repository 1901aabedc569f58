using System.Net;
using System.Text;
using Loyalty.Host.Tests.Support;
using static Loyalty.Host.Tests.Support.Api;

namespace Loyalty.Host.Tests;

/// <summary>
/// Limits a till cannot exceed (issue 14, item 4): line and checkout amount ceilings from the program, a daily cap on
/// each manager's manual adjustments, and a rate limit per API key.
/// </summary>
public sealed class TillLimitTests : IAsyncLifetime
{
    private readonly LoyaltyApp _app = new();
    private string _member = "";
    private string _card = "";

    public async Task InitializeAsync() => (_member, _card) = await _app.Clerk.MemberWithCard(birthday: "1990-01-01");

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_checkout_that_earned_trillions_of_points_is_refused_and_changes_nothing()
    {
        // 500 lines of 10,000 × 950,000: what one clerk checkout once turned into 4,750,000,000,000 points and diamond.
        var lines = Enumerable.Range(0, 500).Select(i => Line($"GOLD{i}", 10_000, 950_000m)).ToArray();

        var problem = await (await _app.Clerk.Checkout(Basket("absurd", _card, lines))).Problem(HttpStatusCode.BadRequest, "validation");

        Assert.Contains("lines[0]", problem["errors"]!.AsObject().Select(e => e.Key));
        var member = await _app.Admin.Member(_member);
        Assert.Equal(0, member.Available());
        Assert.Equal("regular", member.Str("tier"));
    }

    [Fact]
    public async Task A_line_above_max_line_amount_or_a_checkout_above_max_checkout_amount_is_refused()
    {
        // Defaults: 100,000 per line, 300,000 per checkout.
        var line = await (await _app.Clerk.Checkout(Basket("big-line", _card, Line("TV", 2, 50_000.01m)))).Problem(HttpStatusCode.BadRequest, "validation");
        Assert.Contains("maxLineAmount", line["errors"]!["lines[0]"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        var total = await (await _app.Clerk.Checkout(Basket("big-total", _card,
            Line("TV1", 1, 100_000m), Line("TV2", 1, 100_000m), Line("TV3", 1, 100_000m), Line("CABLE", 1, 0.01m)))).Problem(HttpStatusCode.BadRequest, "validation");
        Assert.Contains("maxCheckoutAmount", total["errors"]!["lines"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        // Exactly at the ceilings passes: 3 × 100,000 = 300,000.
        var receipt = await _app.Clerk.CheckoutOk(Basket("at-limit", _card, Line("TV1", 1, 100_000m), Line("TV2", 1, 100_000m), Line("TV3", 1, 100_000m)));
        Assert.Equal(300_000m, receipt.Dec("subtotal"));
    }

    [Fact]
    public async Task The_ceilings_are_program_settings()
    {
        await _app.ChangeProgram(new { maxLineAmount = 500m, maxCheckoutAmount = 800m });

        await (await _app.Clerk.Checkout(Basket("p-line", _card, Line("A", 1, 500.01m)))).Problem(HttpStatusCode.BadRequest, "validation");
        await (await _app.Clerk.Checkout(Basket("p-total", _card, Line("A", 1, 500m), Line("B", 1, 300.01m)))).Problem(HttpStatusCode.BadRequest, "validation");
        await _app.Clerk.CheckoutOk(Basket("p-ok", _card, Line("A", 1, 500m), Line("B", 1, 300m)));
    }

    [Fact]
    public async Task A_manager_adjusts_at_most_the_daily_limit_in_total()
    {
        // Default: 1,000 per adjustment, 5,000 per manager and program day (either sign counts).
        for (var i = 1; i <= 4; i++)
        {
            await (await _app.Manager.Adjust(_member, $"day-{i}", 1_000)).Json(HttpStatusCode.OK);
        }
        // A deduction counts as much as an addition: 5,000 used now.
        await (await _app.Manager.Adjust(_member, "deduct", -1_000, "correction")).Json(HttpStatusCode.OK);
        await (await _app.Manager.Adjust(_member, "over", -1, "correction")).Problem(HttpStatusCode.Forbidden, "forbidden");
        // The repeat of an adjustment already counted is answered, not counted again.
        await (await _app.Manager.Adjust(_member, "day-1", 1_000)).Json(HttpStatusCode.OK);

        Assert.Equal(3_000, (await _app.Admin.Member(_member)).Available());
        // Admins are not capped.
        await (await _app.Admin.Adjust(_member, "admin-1", 10_000)).Json(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_refused_adjustment_gives_its_allowance_back()
    {
        await _app.ChangeProgram(new { manualAdjustmentDailyLimit = 1_000 });

        await (await _app.Manager.Adjust(_member, "deduct", -1_000, "correction")).Problem(HttpStatusCode.Conflict, "insufficient_points");
        await (await _app.Manager.Adjust(_member, "add", 1_000)).Json(HttpStatusCode.OK);
        await (await _app.Manager.Adjust(_member, "one-more", 1)).Problem(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(1_000, (await _app.Admin.Member(_member)).Available());
    }

    [Fact]
    public async Task Each_key_is_rate_limited_with_429_and_retry_after()
    {
        using var app = new LoyaltyApp(settings: new Dictionary<string, string?>
        {
            ["Loyalty:RateLimit:PermitLimit"] = "2",
            ["Loyalty:RateLimit:Window"] = "01:00:00",
        });
        var clerk = app.Clerk;
        Assert.Equal(HttpStatusCode.NotFound, (await clerk.GetAsync("/api/v1/members/M_NONE")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await clerk.GetAsync("/api/v1/members/M_NONE")).StatusCode);

        var limited = await clerk.GetAsync("/api/v1/members/M_NONE");

        await limited.Problem(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, limited.Headers.RetryAfter?.ToString());
        // Another key has its own budget; requests without a key (health) are not limited.
        Assert.Equal(HttpStatusCode.NotFound, (await app.Manager.GetAsync("/api/v1/members/M_NONE")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task The_default_rate_limit_does_not_throttle_a_busy_till()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 300).Select(_ => _app.Clerk.GetAsync($"/api/v1/members/{_member}")));

        Assert.All(results, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
    }

    [Fact]
    public async Task Max_line_amount_must_fit_under_max_checkout_amount()
    {
        var response = await _app.Admin.PutAsync("/api/v1/program",
            new StringContent("""{"version": 1, "maxLineAmount": 1000, "maxCheckoutAmount": 999}""", Encoding.UTF8, "application/json"));

        var problem = await response.Problem(HttpStatusCode.BadRequest, "validation");
        Assert.Contains("maxCheckoutAmount", problem["errors"]!.AsObject().Select(e => e.Key));
    }
}
