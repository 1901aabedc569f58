using System.Net;
using System.Net.Http.Json;
using Loyalty.Host.Tests.Support;

namespace Loyalty.Host.Tests;

/// <summary>Transfers (积分转赠): both ledgers, the daily limit, idempotency, compensation when the receiver refuses.</summary>
public sealed class TransferTests : IDisposable
{
    private readonly LoyaltyApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_transfer_moves_exact_points_and_both_ledgers_show_it()
    {
        var giver = await _app.Clerk.NewMemberId();
        var receiver = await _app.Clerk.NewMemberId();
        await _app.Grant(giver, 1_000);

        var receipt = await (await _app.Clerk.Transfer(giver, "t-1", receiver, 300)).Json(HttpStatusCode.OK);

        // 1,000 − 300 = 700 left; the receiver gets 300 available (no pending days by default).
        Assert.Equal(700, receipt.Long("fromPointsBalance"));
        Assert.Equal(300, receipt.Long("toPointsCredited"));
        Assert.Equal(700, (await _app.Admin.Member(giver)).Available());
        Assert.Equal(300, (await _app.Admin.Member(receiver)).Available());
        var giverLedger = await _app.Admin.Ledger(giver);
        var receiverLedger = await _app.Admin.Ledger(receiver);
        Assert.Contains(giverLedger, e => e!.Str("operationId") == "t-1" && e!.Str("kind") == "transfer-out" && e!.Long("pointsDelta") == -300);
        Assert.Contains(receiverLedger, e => e!.Str("operationId") == "transfer:t-1" && e!.Str("kind") == "transfer-in" && e!.Long("pointsDelta") == 300);
        Assert.Equal(700, giverLedger.LedgerPoints());
        Assert.Equal(300, receiverLedger.LedgerPoints());
    }

    [Fact]
    public async Task A_repeated_transfer_id_answers_the_first_result_and_another_body_is_a_mismatch()
    {
        var giver = await _app.Clerk.NewMemberId();
        var receiver = await _app.Clerk.NewMemberId();
        await _app.Grant(giver, 500);

        var first = await (await _app.Clerk.Transfer(giver, "t-2", receiver, 200)).Json(HttpStatusCode.OK);
        var again = await (await _app.Clerk.Transfer(giver, "t-2", receiver, 200)).Json(HttpStatusCode.OK);
        await (await _app.Clerk.Transfer(giver, "t-2", receiver, 201)).Problem(HttpStatusCode.Conflict, "idempotency_mismatch");

        Assert.Equal(first.ToJsonString(), again.ToJsonString());
        // Once: 500 − 200 = 300 and 200.
        Assert.Equal(300, (await _app.Admin.Member(giver)).Available());
        Assert.Equal(200, (await _app.Admin.Member(receiver)).Available());
        Assert.Single(await _app.Admin.Ledger(receiver), e => e!.Str("kind") == "transfer-in");
    }

    [Fact]
    public async Task The_daily_limit_allows_exactly_the_limit_and_resets_the_next_program_day()
    {
        var giver = await _app.Clerk.NewMemberId();
        var receiver = await _app.Clerk.NewMemberId();
        await _app.Grant(giver, 30_000);

        // Default limit 10,000 a day: 6,000 + 4,000 reaches it exactly; one more point is refused.
        await (await _app.Clerk.Transfer(giver, "l-1", receiver, 6_000)).Json(HttpStatusCode.OK);
        await (await _app.Clerk.Transfer(giver, "l-2", receiver, 4_000)).Json(HttpStatusCode.OK);
        await (await _app.Clerk.Transfer(giver, "l-3", receiver, 1)).Problem(HttpStatusCode.Conflict, "transfer_limit");
        Assert.Equal(20_000, (await _app.Admin.Member(giver)).Available());

        // 10:00 in Shanghai + 14 h = 00:00 the next day: a new program day.
        _app.Time.Advance(TimeSpan.FromHours(14));
        await (await _app.Clerk.Transfer(giver, "l-3", receiver, 1)).Json(HttpStatusCode.OK);
        Assert.Equal(19_999, (await _app.Admin.Member(giver)).Available());
        Assert.Equal(10_001, (await _app.Admin.Member(receiver)).Available());
    }

    [Fact]
    public async Task Parallel_transfers_from_one_member_never_exceed_the_daily_limit_or_the_balance()
    {
        var giver = await _app.Clerk.NewMemberId();
        var receivers = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            receivers.Add(await _app.Clerk.NewMemberId());
        }
        await _app.Grant(giver, 12_000);

        // 40 transfers of 700 = 28,000 asked; the limit allows floor(10,000 / 700) = 14 of them (9,800 points).
        var statuses = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            using var http = _app.Clerk;
            return (await http.Transfer(giver, $"p-{i}", receivers[i % 4], 700)).StatusCode;
        })));

        Assert.Equal(14, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(26, statuses.Count(s => s == HttpStatusCode.Conflict));
        Assert.Equal(12_000 - 9_800, (await _app.Admin.Member(giver)).Available());
        long received = 0;
        foreach (var receiver in receivers)
        {
            received += (await _app.Admin.Member(receiver)).Available();
        }
        Assert.Equal(9_800, received);
    }

    [Fact]
    public async Task Parallel_transfers_never_take_more_than_the_balance()
    {
        var giver = await _app.Clerk.NewMemberId();
        var receiver = await _app.Clerk.NewMemberId();
        await _app.Grant(giver, 1_000);

        // 20 × 150 asked, 1,000 available: 6 succeed (900), the rest are insufficient_points.
        var statuses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            using var http = _app.Clerk;
            return (await http.Transfer(giver, $"b-{i}", receiver, 150)).StatusCode;
        })));

        Assert.Equal(6, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(100, (await _app.Admin.Member(giver)).Available());
        Assert.Equal(900, (await _app.Admin.Member(receiver)).Available());
    }

    [Fact]
    public async Task A_frozen_receiver_refuses_the_giver_gets_the_points_back_and_a_retry_keeps_that_answer()
    {
        var giver = await _app.Clerk.NewMemberId();
        var receiver = await _app.Clerk.NewMemberId();
        await _app.Grant(giver, 1_000);
        await (await _app.Manager.PostAsJsonAsync($"/api/v1/members/{receiver}/status", new { status = "frozen", reason = "check" })).Json(HttpStatusCode.OK);

        await (await _app.Clerk.Transfer(giver, "f-1", receiver, 400)).Problem(HttpStatusCode.Conflict, "member_frozen");
        Assert.Equal(1_000, (await _app.Admin.Member(giver)).Available());

        // Unfrozen later, the same transfer id still answers the recorded refusal: no second debit, no late credit.
        await (await _app.Manager.PostAsJsonAsync($"/api/v1/members/{receiver}/status", new { status = "active", reason = "ok" })).Json(HttpStatusCode.OK);
        await (await _app.Clerk.Transfer(giver, "f-1", receiver, 400)).Problem(HttpStatusCode.Conflict, "member_frozen");
        Assert.Equal(1_000, (await _app.Admin.Member(giver)).Available());
        Assert.Equal(0, (await _app.Admin.Member(receiver)).Available());
        var ledger = await _app.Admin.Ledger(giver);
        Assert.Contains(ledger, e => e!.Str("operationId") == "f-1" && e!.Long("pointsDelta") == -400);
        Assert.Contains(ledger, e => e!.Str("operationId") == "f-1:undo" && e!.Long("pointsDelta") == 400);
        Assert.Equal(1_000, ledger.LedgerPoints());
        // The undone transfer does not use up the day's limit: 10,000 can still go.
        await _app.Grant(giver, 9_000);
        await (await _app.Clerk.Transfer(giver, "f-2", receiver, 10_000)).Json(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_frozen_giver_insufficient_points_and_a_cancelled_giver_are_refused()
    {
        var giver = await _app.Clerk.NewMemberId();
        var receiver = await _app.Clerk.NewMemberId();
        await _app.Grant(giver, 100);

        await (await _app.Clerk.Transfer(giver, "x-1", receiver, 101)).Problem(HttpStatusCode.Conflict, "insufficient_points");
        await (await _app.Manager.PostAsJsonAsync($"/api/v1/members/{giver}/status", new { status = "frozen", reason = "check" })).Json(HttpStatusCode.OK);
        await (await _app.Clerk.Transfer(giver, "x-2", receiver, 50)).Problem(HttpStatusCode.Conflict, "member_frozen");
        await (await _app.Admin.PostAsJsonAsync($"/api/v1/members/{giver}/status", new { status = "cancelled", reason = "fraud" })).Json(HttpStatusCode.OK);
        await (await _app.Clerk.Transfer(giver, "x-3", receiver, 50)).Problem(HttpStatusCode.Conflict, "member_cancelled");

        Assert.Equal(100, (await _app.Admin.Member(giver)).Available());
        Assert.Equal(0, (await _app.Admin.Member(receiver)).Available());
    }

    [Theory]
    [InlineData(null, "R", 10L, "transferId")]
    [InlineData("bad id!", "R", 10L, "transferId")]
    [InlineData("t", null, 10L, "toMemberId")]
    [InlineData("t", "R", 0L, "points")]
    [InlineData("t", "R", -5L, "points")]
    [InlineData("t", "GIVER", 10L, "toMemberId")]
    [InlineData("t", "M-NOBODY", 10L, "toMemberId")]
    public async Task Bad_transfers_are_refused_with_nothing_changed(string? transferId, string? to, long points, string field)
    {
        var giver = await _app.Clerk.NewMemberId();
        var receiver = await _app.Clerk.NewMemberId();
        await _app.Grant(giver, 100);
        var target = to switch { "R" => receiver, "GIVER" => giver, _ => to };

        var problem = await (await _app.Clerk.PostAsJsonAsync($"/api/v1/members/{giver}/transfers", new { transferId, toMemberId = target, points }))
            .Problem(HttpStatusCode.BadRequest, "validation");

        Assert.NotNull(problem["errors"]![field]);
        Assert.Equal(100, (await _app.Admin.Member(giver)).Available());
        Assert.Equal(0, (await _app.Admin.Member(receiver)).Available());
    }

    [Fact]
    public async Task Only_staff_of_the_givers_home_store_or_an_admin_may_transfer()
    {
        var giver = await _app.Clerk.NewMemberId();
        var receiver = await _app.Clerk.NewMemberId();
        await _app.Grant(giver, 100);

        await (await _app.Client(Keys.ClerkS002).Transfer(giver, "r-1", receiver, 10)).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await _app.Client("dev-manager-S002").Transfer(giver, "r-2", receiver, 10)).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await _app.Manager.Transfer(giver, "r-3", receiver, 10)).Json(HttpStatusCode.OK);
        await (await _app.Admin.Transfer(giver, "r-4", receiver, 10)).Json(HttpStatusCode.OK);

        Assert.Equal(80, (await _app.Admin.Member(giver)).Available());
    }
}
