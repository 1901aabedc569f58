using System.Net;
using System.Net.Http.Json;
using Loyalty.Host.Tests.Support;

namespace Loyalty.Host.Tests;

/// <summary>Gift redemption (礼品兑换): points × quantity, oldest lots first, stock never negative, windows, undo.</summary>
public sealed class RedemptionTests : IDisposable
{
    private readonly LoyaltyApp _app = new();

    public void Dispose() => _app.Dispose();

    private Task DefineGift(string id, string name, long pointsPrice, int stock) => _app.DefineGift(id, name, pointsPrice, stock);

    private Task<int> StockOf(string id) => _app.StockOf(id);

    [Fact]
    public async Task A_redemption_debits_price_times_quantity_and_takes_stock()
    {
        await DefineGift("MUG", "Mug", 300, 5);
        var member = await _app.Clerk.NewMemberId();
        await _app.Grant(member, 1_000);

        var receipt = await (await _app.Clerk.Redeem(member, "g-1", "MUG", 2)).Json(HttpStatusCode.OK);
        var again = await (await _app.Clerk.Redeem(member, "g-1", "MUG", 2)).Json(HttpStatusCode.OK);

        // 2 × 300 = 600; 1,000 − 600 = 400; stock 5 − 2 = 3 (once).
        Assert.Equal(600, receipt.Long("pointsSpent"));
        Assert.Equal(400, receipt.Long("pointsBalance"));
        Assert.Equal(receipt.ToJsonString(), again.ToJsonString());
        Assert.Equal(3, await StockOf("MUG"));
        Assert.Equal(400, (await _app.Admin.Member(member)).Available());
        Assert.Single(await _app.Admin.Ledger(member), e => e!.Str("kind") == "redemption" && e!.Long("pointsDelta") == -600);
        await (await _app.Clerk.Redeem(member, "g-1", "MUG", 1)).Problem(HttpStatusCode.Conflict, "idempotency_mismatch");
    }

    [Fact]
    public async Task Out_of_stock_gives_the_points_back_and_two_clerks_racing_for_the_last_gift_leave_stock_at_zero()
    {
        await DefineGift("TV", "Television", 500, 1);
        var first = await _app.Clerk.NewMemberId();
        var second = await _app.Clerk.NewMemberId();
        await _app.Grant(first, 500);
        await _app.Grant(second, 500);

        var results = await Task.WhenAll(
            Task.Run(async () => (await _app.Clerk.Redeem(first, "race-1", "TV", 1)).StatusCode),
            Task.Run(async () => (await _app.Clerk.Redeem(second, "race-2", "TV", 1)).StatusCode));

        Assert.Single(results, s => s == HttpStatusCode.OK);
        Assert.Single(results, s => s == HttpStatusCode.Conflict);
        Assert.Equal(0, await StockOf("TV"));
        // One spent 500, the other got the 500 back: 0 + 500 in total.
        var balances = new[] { (await _app.Admin.Member(first)).Available(), (await _app.Admin.Member(second)).Available() };
        Assert.Equal(500, balances.Sum());
        var loser = balances[0] == 500 ? first : second;
        var loserId = loser == first ? "race-1" : "race-2";
        Assert.Contains(await _app.Admin.Ledger(loser), e => e!.Str("operationId") == $"{loserId}:undo" && e!.Long("pointsDelta") == 500);

        // A restock does not turn the refused redemption into a free gift on retry.
        await DefineGift("TV", "Television", 500, 1);
        await (await _app.Clerk.Redeem(loser, loserId, "TV", 1)).Problem(HttpStatusCode.Conflict, "out_of_stock");
        Assert.Equal(500, (await _app.Admin.Member(loser)).Available());
    }

    [Fact]
    public async Task Redemption_is_refused_outside_the_windows_for_insufficient_points_and_for_frozen_members()
    {
        await DefineGift("MUG", "Mug", 300, 5);
        var member = await _app.Clerk.NewMemberId();
        await _app.Grant(member, 500);

        // The test clock is in June; only March and August allowed.
        _app.Program(p => p with { RedemptionMonths = [3, 8] });
        await (await _app.Clerk.Redeem(member, "w-1", "MUG", 1)).Problem(HttpStatusCode.Conflict, "redemption_closed");
        _app.Program(p => p with { RedemptionMonths = [6] });
        await (await _app.Clerk.Redeem(member, "w-2", "MUG", 2)).Problem(HttpStatusCode.Conflict, "insufficient_points");
        await (await _app.Manager.PostAsJsonAsync($"/api/v1/members/{member}/status", new { status = "frozen", reason = "check" })).Json(HttpStatusCode.OK);
        await (await _app.Clerk.Redeem(member, "w-3", "MUG", 1)).Problem(HttpStatusCode.Conflict, "member_frozen");

        Assert.Equal(500, (await _app.Admin.Member(member)).Available());
        Assert.Equal(5, await StockOf("MUG"));
    }

    [Theory]
    [InlineData(null, "MUG", 1, "redemptionId")]
    [InlineData("g", null, 1, "catalogItemId")]
    [InlineData("g", "NOPE", 1, "catalogItemId")]
    [InlineData("g", "MUG", 0, "quantity")]
    [InlineData("g", "MUG", 1001, "quantity")]
    public async Task Bad_redemptions_are_refused_with_nothing_changed(string? redemptionId, string? catalogItemId, int quantity, string field)
    {
        await DefineGift("MUG", "Mug", 1, 5);
        var member = await _app.Clerk.NewMemberId();
        await _app.Grant(member, 100);

        var problem = await (await _app.Clerk.PostAsJsonAsync($"/api/v1/members/{member}/redemptions", new { redemptionId, catalogItemId, quantity }))
            .Problem(HttpStatusCode.BadRequest, "validation");

        Assert.NotNull(problem["errors"]![field]);
        Assert.Equal(100, (await _app.Admin.Member(member)).Available());
        Assert.Equal(5, await StockOf("MUG"));
    }
}
