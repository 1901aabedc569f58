using System.Globalization;
using System.Security.Claims;
using Loyalty.Grains;
using Loyalty.Domain;
using Loyalty.Grains.Program;
using Loyalty.Host.Auth;
using Loyalty.Host.Infrastructure;
using Loyalty.Persistence.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loyalty.Host.Apis;

public sealed record LeaderboardEntry(int Rank, string MemberId, string? Tier, long PointsEarned);

public sealed record Leaderboard(string Quarter, string? StoreId, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<LeaderboardEntry> Entries);

/// <summary>The quarterly top 100 by points earned (积分排名), read from the ledger without activating grains.</summary>
public static class LeaderboardApi
{
    public const int Size = 100;

    public static RouteGroupBuilder MapLeaderboardApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/leaderboard").RequireAuthorization().WithTags("Reports");
        group.MapGet("/", GetLeaderboard).WithName(nameof(GetLeaderboard)).Errors(ErrorCodes.Validation);
        return group;
    }

    /// <summary>Managers see their own store's members (by home store); admins the chain or any store.</summary>
    public static async Task<Results<Ok<Leaderboard>, ValidationProblem, ProblemHttpResult>> GetLeaderboard(
        string? quarter, string? storeId, ClaimsPrincipal user, ILedgerQueries ledger, IProgramProvider programs, TimeProvider time,
        StoreDirectory stores)
    {
        var caller = Caller.From(user);
        var program = programs.Current;
        var validation = new Validation().Id("storeId", storeId, required: false, maxLength: 32);
        stores.Check(validation, "storeId", storeId);
        var today = ProgramCalendar.Today(program, time.GetUtcNow());
        var name = quarter ?? $"{today.Year}Q{(today.Month + 2) / 3}";
        if (!TryParseQuarter(name, out var year, out var number))
        {
            validation.Add("quarter", "A quarter like 2026Q2.");
        }
        if (!validation.IsValid)
        {
            return Problems.Validation(validation.Errors);
        }
        if (!caller.IsManagerOrAdmin)
        {
            return Problems.Forbidden("The leaderboard is for managers and admins.");
        }
        var store = storeId ?? (caller.IsAdmin ? null : caller.StoreId);
        if (!caller.MayActFor(store) && !(caller.IsAdmin && store is null))
        {
            return Problems.Forbidden("Managers see their own store's leaderboard.");
        }
        ProgramCalendar.TryFindTimeZone(program.TimeZone, out var zone);
        var from = StartOf(new DateOnly(year, number * 3 - 2, 1), zone!);
        var to = StartOf(new DateOnly(year, number * 3 - 2, 1).AddMonths(3), zone!);
        var rows = await ledger.TopEarnersAsync(from, to, store, Size);
        return TypedResults.Ok(new Leaderboard(name, store, from, to,
            rows.Select((r, i) => new LeaderboardEntry(i + 1, r.MemberId, r.Tier, r.PointsEarned)).ToList()));
    }

    private static bool TryParseQuarter(string text, out int year, out int quarter)
    {
        year = 0;
        quarter = 0;
        return text.Length == 6 && (text[4] is 'Q' or 'q')
            && int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out year) && year >= 2000
            && int.TryParse(text.AsSpan(5, 1), NumberStyles.None, CultureInfo.InvariantCulture, out quarter) && quarter is >= 1 and <= 4;
    }

    /// <summary>Midnight of a program-local date as an instant.</summary>
    private static DateTimeOffset StartOf(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
