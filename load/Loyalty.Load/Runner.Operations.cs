using System.Diagnostics;

namespace Loyalty.Load;

/// <summary>The operations a run sends, each timed from when it was due and retried with the same id when retryable.</summary>
public sealed partial class Runner
{
    /// <summary>The account a member's points are booked on: the household when the scenario has one.</summary>
    private string AccountOf(int member) => _householdId is { } household ? "household:" + household : Population.MemberId(member);

    private async Task CheckoutAsync(Random rng, int member, bool redeem, long startedAt)
    {
        var name = redeem ? "redemption" : "checkout";
        var book = _books.For(AccountOf(member), Population.OpeningPoints(member));
        if (AccountBook.IsHousehold(book.Id) && await book.Start is null)
        {
            _stats[name].Failed("start balance unreadable", Stopwatch.GetElapsedTime(startedAt));
            return;
        }
        long? redeemPoints = null;
        if (redeem)
        {
            var known = book.KnownBalance;
            // The default program takes points in steps of 100 (points_step otherwise).
            redeemPoints = known >= 400 ? 100L * Math.Min(known / 400, 1 + rng.Next(3)) : null;
        }
        var body = new CheckoutBody($"{_runId}-{Interlocked.Increment(ref _sequence)}", Population.Store(rng.Next(o.Stores), o.Stores),
            Population.CardNumber(member), null, Baskets.Next(rng), redeemPoints);
        var reply = await SendCheckoutAsync(body, _stats[name]);
        if (reply.Ok)
        {
            book.Record(reply.Body!);
            _stats[name].Succeeded(Stopwatch.GetElapsedTime(startedAt));
            return;
        }
        if (reply.Retryable)
        {
            book.Unresolved.Add(body);
        }
        _stats[name].Failed(reply.FailureKey, Stopwatch.GetElapsedTime(startedAt));
    }

    private async Task<Reply<ReceiptLite>> SendCheckoutAsync(CheckoutBody body, OperationStats? stats)
    {
        var reply = default(Reply<ReceiptLite>);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            reply = await api.PostAsync("api/v1/checkouts", body, WireJson.Default.CheckoutBody, WireJson.Default.ReceiptLite);
            if (!reply.Retryable)
            {
                return reply;
            }
            stats?.Retried();
            await Task.Delay(10 * attempt);
        }
        return reply;
    }

    private async Task QuoteAsync(Random rng, int member, long startedAt)
    {
        var body = new CheckoutBody($"{_runId}-q{Interlocked.Increment(ref _sequence)}", Population.Store(rng.Next(o.Stores), o.Stores),
            Population.CardNumber(member), null, Baskets.Next(rng), null);
        var reply = await api.PostAsync("api/v1/checkouts/quote", body, WireJson.Default.CheckoutBody, WireJson.Default.ReceiptLite);
        Count("quote", reply, startedAt);
    }

    private async Task TopUpAsync(Random rng, int member, long startedAt)
    {
        var body = new TopUpBody($"{_runId}-t{Interlocked.Increment(ref _sequence)}", 50m * (1 + rng.Next(10)));
        var reply = await api.PostAsync($"api/v1/cards/{Population.CardNumber(member)}/top-ups", body,
            WireJson.Default.TopUpBody, WireJson.Default.ProblemLite);
        Count("top-up", reply, startedAt);
    }

    private async Task LookupAsync(int member, long startedAt)
    {
        var reply = await api.GetAsync($"api/v1/members/{Population.MemberId(member)}", WireJson.Default.MemberLite);
        Count("lookup", reply, startedAt);
    }

    private void Count<T>(string name, Reply<T> reply, long startedAt)
    {
        if (reply.Ok)
        {
            _stats[name].Succeeded(Stopwatch.GetElapsedTime(startedAt));
        }
        else
        {
            _stats[name].Failed(reply.FailureKey, Stopwatch.GetElapsedTime(startedAt));
        }
    }

    private async Task<long?> ReadBalanceAsync(string account)
    {
        if (AccountBook.IsHousehold(account))
        {
            var household = await api.GetAsync($"api/v1/households/{account["household:".Length..]}", WireJson.Default.HouseholdLite);
            return household.Ok ? household.Body!.Points?.Available ?? 0 : null;
        }
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var member = await api.GetAsync($"api/v1/members/{account}", WireJson.Default.MemberLite);
            if (member.Ok)
            {
                return member.Body!.Points.Available;
            }
            if (!member.Retryable)
            {
                break;
            }
            await Task.Delay(10 * attempt);
        }
        return null;
    }

    /// <summary>
    /// One household whose member cards all check out at once. Until households exist (404 on the route) the
    /// scenario says so and runs the same load against one hot member instead, the grain-side analogue of
    /// pgbench's single hot row.
    /// </summary>
    private async Task SetUpHouseholdAsync()
    {
        var count = Math.Clamp(o.HouseholdCards, 1, Math.Max(1, o.Members));
        var first = 1 + (int)((uint)(o.Seed * 2654435761u) % (uint)Math.Max(1, o.Members - count));
        var created = await api.PostAsync("api/v1/households", new HouseholdCreateBody(Population.MemberId(first)),
            WireJson.Default.HouseholdCreateBody, WireJson.Default.HouseholdLite);
        if (created.Status is 404 or 405 && created.Code is null or "not_found")
        {
            _notes.Add("households not available (POST /api/v1/households answered 404): measured one hot member instead");
            Console.WriteLine(_notes[^1]);
            _hotMembers = [first];
            return;
        }
        if (!created.Ok)
        {
            throw new InvalidOperationException($"creating the household failed: {created.FailureKey}");
        }
        _householdId = created.Body!.HouseholdId;
        var members = new List<int> { first };
        for (var i = first + 1; i < first + count; i++)
        {
            var added = await api.PostAsync($"api/v1/households/{_householdId}/members", new HouseholdMemberBody(Population.MemberId(i), true),
                WireJson.Default.HouseholdMemberBody, WireJson.Default.ProblemLite);
            if (!added.Ok)
            {
                _notes.Add($"household took {members.Count} members; adding another answered {added.FailureKey}");
                break;
            }
            members.Add(i);
        }
        _hotMembers = [.. members];
        Console.WriteLine($"household {_householdId}: {members.Count} members checking out at once");
    }

    private async Task PostPromotionAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var reply = await api.PostAsync("api/v1/promotions",
            new PromotionBody($"{_runId}-double", "Double points (load test)", now, now.AddHours(1), 2m),
            WireJson.Default.PromotionBody, WireJson.Default.ProblemLite);
        _notes.Add(reply.Ok
            ? $"double-points promotion posted at {_clock.Elapsed.TotalSeconds:0}s"
            : $"promotions not available (POST /api/v1/promotions answered {reply.FailureKey}): rate ramp only");
        Console.WriteLine(_notes[^1]);
    }
}
