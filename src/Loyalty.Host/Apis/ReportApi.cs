using System.Globalization;
using System.Security.Claims;
using Loyalty.Grains;
using Loyalty.Domain;
using Loyalty.Domain.Reports;
using Loyalty.Grains.Program;
using Loyalty.Host.Auth;
using Loyalty.Host.Infrastructure;
using Loyalty.Persistence.Reports;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loyalty.Host.Apis;

public sealed record JoinedReport(string? StoreId, DateOnly From, DateOnly To, long Total, IReadOnlyList<DayCount> Days);

public sealed record ActiveMembersReport(string? StoreId, int Days, DateTimeOffset Since, long ActiveMembers);

public sealed record TierReport(string? StoreId, IReadOnlyList<TierCount> Tiers);

public sealed record PointsReport(string? StoreId, DateOnly From, DateOnly To, long EarnedAtCheckout, long RedeemedAtCheckout, long Expired,
    IReadOnlyList<PointsByKind> ByKind);

public sealed record LiabilityReport(string? StoreId, long Members, long Points, long PendingPoints, decimal PointsValue, decimal StoredValue);

public sealed record SalesReport(string? StoreId, DateOnly From, DateOnly To, decimal Total, IReadOnlyList<StoreSales> Stores);

public sealed record CustomerClassReport(string? StoreId, DateTimeOffset AsOf, long Members, IReadOnlyList<CustomerClassCount> Classes);

public sealed record RfmReport(string? StoreId, DateTimeOffset AsOf, long Members, IReadOnlyList<RfmSegmentCount> Segments);

/// <summary>
/// Reports (统计报表) straight from storage, never activating grains. Managers see their own store; admins the chain,
/// or one store with <c>?storeId=</c>. Dates are program-local calendar dates (<c>yyyy-MM-dd</c>), both ends included;
/// the default range is the last 30 days up to today.
/// </summary>
public static class ReportApi
{
    private const int MaxRangeDays = 366;

    public static RouteGroupBuilder MapReportApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/reports").RequireAuthorization().WithTags("Reports");
        group.MapGet("/members-joined", MembersJoined).WithName(nameof(MembersJoined)).Errors(ErrorCodes.Validation);
        group.MapGet("/active-members", ActiveMembers).WithName(nameof(ActiveMembers)).Errors(ErrorCodes.Validation);
        group.MapGet("/tiers", TierDistribution).WithName(nameof(TierDistribution)).Errors(ErrorCodes.Validation);
        group.MapGet("/points", PointsFlow).WithName(nameof(PointsFlow)).Errors(ErrorCodes.Validation);
        group.MapGet("/liability", Liability).WithName(nameof(Liability)).Errors(ErrorCodes.Validation);
        group.MapGet("/sales", SalesByStore).WithName(nameof(SalesByStore)).Errors(ErrorCodes.Validation);
        group.MapGet("/rfm", RfmSegments).WithName(nameof(RfmSegments)).Errors(ErrorCodes.Validation);
        group.MapGet("/customer-classes", CustomerClassesReport).WithName(nameof(CustomerClassesReport)).Errors(ErrorCodes.Validation);
        return group;
    }

    public static async Task<Results<Ok<JoinedReport>, ValidationProblem, ProblemHttpResult>> MembersJoined(
        string? storeId, string? from, string? to, ClaimsPrincipal user, StoreDirectory stores, IReportQueries reports, IProgramProvider programs, TimeProvider time)
    {
        var (scope, problem) = Scope(user, storeId, stores);
        var range = Range(from, to, programs.Current, time, out var validation);
        if (problem is not null || range is null)
        {
            return problem is not null ? problem : Problems.Validation(validation.Errors);
        }
        var r = range.Value;
        var counted = (await reports.MembersJoined(scope, r.FromAt, r.ToAt, r.Zone)).ToDictionary(d => d.Day, d => d.Count);
        var days = Enumerable.Range(0, r.To.DayNumber - r.From.DayNumber + 1)
            .Select(i => r.From.AddDays(i)).Select(d => new DayCount(d, counted.GetValueOrDefault(d))).ToList();
        return TypedResults.Ok(new JoinedReport(scope, r.From, r.To, days.Sum(d => d.Count), days));
    }

    public static async Task<Results<Ok<ActiveMembersReport>, ValidationProblem, ProblemHttpResult>> ActiveMembers(
        string? storeId, int? days, ClaimsPrincipal user, StoreDirectory stores, IReportQueries reports, TimeProvider time)
    {
        var (scope, problem) = Scope(user, storeId, stores);
        if (problem is not null)
        {
            return problem;
        }
        var window = days ?? 30;
        if (window is < 1 or > 3660)
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["days"] = ["Between 1 and 3660."] });
        }
        var since = time.GetUtcNow().AddDays(-window);
        return TypedResults.Ok(new ActiveMembersReport(scope, window, since, await reports.ActiveMembers(scope, since)));
    }

    /// <summary>Every tier of the program in ladder order (zero where none), then any tier no longer in the program.</summary>
    public static async Task<Results<Ok<TierReport>, ProblemHttpResult>> TierDistribution(
        string? storeId, ClaimsPrincipal user, StoreDirectory stores, IReportQueries reports, IProgramProvider programs)
    {
        var (scope, problem) = Scope(user, storeId, stores);
        if (problem is not null)
        {
            return problem;
        }
        var counted = (await reports.TierDistribution(scope)).ToDictionary(t => t.Tier, t => t.Members);
        var ladder = programs.Current.Tiers.Select(t => t.Id).ToList();
        var tiers = ladder.Select(t => new TierCount(t, counted.GetValueOrDefault(t)))
            .Concat(counted.Where(c => !ladder.Contains(c.Key)).Select(c => new TierCount(c.Key, c.Value))).ToList();
        return TypedResults.Ok(new TierReport(scope, tiers));
    }

    public static async Task<Results<Ok<PointsReport>, ValidationProblem, ProblemHttpResult>> PointsFlow(
        string? storeId, string? from, string? to, ClaimsPrincipal user, StoreDirectory stores, IReportQueries reports, IProgramProvider programs, TimeProvider time)
    {
        var (scope, problem) = Scope(user, storeId, stores);
        var range = Range(from, to, programs.Current, time, out var validation);
        if (problem is not null || range is null)
        {
            return problem is not null ? problem : Problems.Validation(validation.Errors);
        }
        var r = range.Value;
        var flow = await reports.PointsFlow(scope, r.FromAt, r.ToAt);
        return TypedResults.Ok(new PointsReport(scope, r.From, r.To, flow.EarnedAtCheckout, flow.RedeemedAtCheckout, flow.Expired, flow.ByKind));
    }

    /// <summary>Points (available and pending) are valued at the program's redemption rate (100 points = 10 yuan by default).</summary>
    public static async Task<Results<Ok<LiabilityReport>, ProblemHttpResult>> Liability(
        string? storeId, ClaimsPrincipal user, StoreDirectory stores, IReportQueries reports, IProgramProvider programs)
    {
        var (scope, problem) = Scope(user, storeId, stores);
        if (problem is not null)
        {
            return problem;
        }
        var l = await reports.Liability(scope);
        var program = programs.Current;
        var value = Money.Round((l.Points + l.PendingPoints) * program.RedemptionUnitValue / program.PointsPerRedemptionUnit);
        return TypedResults.Ok(new LiabilityReport(scope, l.Members, l.Points, l.PendingPoints, value, l.StoredValue));
    }

    public static async Task<Results<Ok<SalesReport>, ValidationProblem, ProblemHttpResult>> SalesByStore(
        string? storeId, string? from, string? to, ClaimsPrincipal user, StoreDirectory stores, IReportQueries reports, IProgramProvider programs, TimeProvider time)
    {
        var (scope, problem) = Scope(user, storeId, stores);
        var range = Range(from, to, programs.Current, time, out var validation);
        if (problem is not null || range is null)
        {
            return problem is not null ? problem : Problems.Validation(validation.Errors);
        }
        var r = range.Value;
        var sales = await reports.SalesByStore(scope, r.FromAt, r.ToAt);
        return TypedResults.Ok(new SalesReport(scope, r.From, r.To, sales.Sum(s => s.Sales), sales));
    }

    public static async Task<Results<Ok<RfmReport>, ProblemHttpResult>> RfmSegments(
        string? storeId, ClaimsPrincipal user, StoreDirectory stores, IReportQueries reports, TimeProvider time)
    {
        var (scope, problem) = Scope(user, storeId, stores);
        if (problem is not null)
        {
            return problem;
        }
        var asOf = time.GetUtcNow();
        // The store gathers the figures; the segment rules are the domain's, whichever store answers.
        var segments = Rfm.Classify(await reports.RfmFacts(scope, asOf));
        return TypedResults.Ok(new RfmReport(scope, asOf, segments.Sum(s => s.Members), segments));
    }

    /// <summary>A/B/C/D classes by spend in the last 12 months, over the RFM population (members with a checkout).</summary>
    public static async Task<Results<Ok<CustomerClassReport>, ProblemHttpResult>> CustomerClassesReport(
        string? storeId, ClaimsPrincipal user, StoreDirectory stores, IReportQueries reports, IProgramProvider programs, TimeProvider time)
    {
        var (scope, problem) = Scope(user, storeId, stores);
        if (problem is not null)
        {
            return problem;
        }
        var asOf = time.GetUtcNow();
        var classes = CustomerClasses.Classify(programs.Current.CustomerClassThresholds, await reports.RfmFacts(scope, asOf));
        return TypedResults.Ok(new CustomerClassReport(scope, asOf, classes.Sum(c => c.Members), classes));
    }

    /// <summary>The store the report covers (null = chain): managers only their own, admins any or all; clerks none.</summary>
    private static (string? Store, ProblemHttpResult? Problem) Scope(ClaimsPrincipal user, string? storeId, StoreDirectory stores)
    {
        if (!string.IsNullOrEmpty(storeId) && !stores.IsKnown(storeId))
        {
            return (null, Problems.Invalid("storeId", "Not a store of the chain (Loyalty:Stores)."));
        }
        var caller = Caller.From(user);
        if (caller.IsAdmin)
        {
            return (string.IsNullOrEmpty(storeId) ? null : storeId, null);
        }
        if (caller.Role == Roles.Manager && (string.IsNullOrEmpty(storeId) || storeId == caller.StoreId))
        {
            return (caller.StoreId, null);
        }
        return (null, Problems.Forbidden(caller.Role == Roles.Manager
            ? "Managers read the reports of their own store."
            : "Only managers and admins read reports."));
    }

    private readonly record struct DateRange(DateOnly From, DateOnly To, DateTimeOffset FromAt, DateTimeOffset ToAt, TimeZoneInfo Zone);

    private static DateRange? Range(string? from, string? to, ProgramSettings program, TimeProvider time, out Validation validation)
    {
        validation = new Validation();
        var today = ProgramCalendar.Today(program, time.GetUtcNow());
        var toDate = ParseDate(to, "to", today, validation);
        var fromDate = ParseDate(from, "from", toDate.AddDays(-29), validation);
        if (validation.IsValid && fromDate > toDate)
        {
            validation.Add("from", "Must not be after 'to'.");
        }
        else if (validation.IsValid && toDate.DayNumber - fromDate.DayNumber + 1 > MaxRangeDays)
        {
            validation.Add("to", $"At most {MaxRangeDays} days per report.");
        }
        if (!validation.IsValid || !ProgramCalendar.TryFindTimeZone(program.TimeZone, out var zone))
        {
            return null;
        }
        return new DateRange(fromDate, toDate, StartOf(fromDate, zone), StartOf(toDate.AddDays(1), zone), zone);
    }

    private static DateOnly ParseDate(string? text, string field, DateOnly fallback, Validation validation)
    {
        if (text is null)
        {
            return fallback;
        }
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }
        validation.Add(field, "A date as yyyy-MM-dd.");
        return fallback;
    }

    private static DateTimeOffset StartOf(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
