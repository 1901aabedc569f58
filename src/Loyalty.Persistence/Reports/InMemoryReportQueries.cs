using System.Text.Json;
using Loyalty.Domain.Reports;
using Loyalty.Persistence.Storage;

namespace Loyalty.Persistence.Reports;

/// <summary>The report queries over <see cref="InMemoryLedgerStore"/> snapshots (demo run and fast tests); same rules as PostgreSQL.</summary>
public sealed class InMemoryReportQueries(InMemoryLedgerStore storage) : IReportQueries
{
    private const string MemberPrefix = "member:";

    private Dictionary<string, GrainSummary> Members() => storage.Summaries()
        .Where(s => s.Id.Type == "member").ToDictionary(s => s.Id.Key, s => s.Summary, StringComparer.Ordinal);

    private static bool HomeStore(Dictionary<string, GrainSummary> members, string account, string? storeId) =>
        storeId is null || (members.TryGetValue(account[MemberPrefix.Length..], out var m) && m.StoreId == storeId);

    private IEnumerable<LedgerRow> MemberRows() => storage.Ledger().Select(e => e.Row).Where(r => r.Account.StartsWith(MemberPrefix, StringComparison.Ordinal));

    public Task<IReadOnlyList<DayCount>> MembersJoined(string? storeId, DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone, CancellationToken ct = default)
    {
        var members = Members();
        IReadOnlyList<DayCount> days = MemberRows()
            .Where(r => r.Kind == "register" && r.At >= from && r.At < to && HomeStore(members, r.Account, storeId))
            .GroupBy(r => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(r.At, zone).DateTime))
            .OrderBy(g => g.Key).Select(g => new DayCount(g.Key, g.LongCount())).ToList();
        return Task.FromResult(days);
    }

    public Task<long> ActiveMembers(string? storeId, DateTimeOffset since, CancellationToken ct = default) =>
        Task.FromResult(MemberRows().Where(r => r.Kind == "checkout" && r.At >= since && (storeId is null || r.StoreId == storeId))
            .Select(r => r.Account).Distinct().LongCount());

    public Task<IReadOnlyList<TierCount>> TierDistribution(string? storeId, CancellationToken ct = default)
    {
        IReadOnlyList<TierCount> tiers = Members().Values
            .Where(m => m.Status != "cancelled" && (storeId is null || m.StoreId == storeId))
            .GroupBy(m => m.Tier ?? "").OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new TierCount(g.Key, g.LongCount())).ToList();
        return Task.FromResult(tiers);
    }

    public Task<PointsFlow> PointsFlow(string? storeId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        var members = Members();
        var rows = MemberRows().Where(r => r.At >= from && r.At < to && HomeStore(members, r.Account, storeId)).ToList();
        long earned = 0, redeemed = 0;
        foreach (var row in rows.Where(r => r.Kind == "checkout" && r.DataJson is not null))
        {
            using var data = JsonDocument.Parse(row.DataJson!);
            earned += data.RootElement.TryGetProperty("pointsEarned", out var e) ? e.GetInt64() : 0;
            redeemed += data.RootElement.TryGetProperty("pointsRedeemed", out var d) ? d.GetInt64() : 0;
        }
        var expired = -rows.Where(r => r.Kind == "expire").Sum(r => r.PointsDelta);
        var byKind = rows.Where(r => r.Kind != "checkout" && r.PointsDelta != 0).GroupBy(r => r.Kind).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new PointsByKind(g.Key, g.Where(r => r.PointsDelta > 0).Sum(r => r.PointsDelta), g.Where(r => r.PointsDelta < 0).Sum(r => r.PointsDelta)))
            .ToList();
        return Task.FromResult(new PointsFlow(earned, redeemed, expired, byKind));
    }

    public Task<Liability> Liability(string? storeId, CancellationToken ct = default)
    {
        var members = Members().Where(m => storeId is null || m.Value.StoreId == storeId).ToDictionary(m => m.Key, m => m.Value);
        var storedValue = storage.Summaries().Where(s => s.Id.Type == "card" && s.Summary.Owner is { } owner && (storeId is null || members.ContainsKey(owner)))
            .Sum(s => s.Summary.StoredValue);
        return Task.FromResult(new Liability(members.Count, members.Values.Sum(m => m.Points), members.Values.Sum(m => m.PendingPoints), storedValue));
    }

    public Task<IReadOnlyList<StoreSales>> SalesByStore(string? storeId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        IReadOnlyList<StoreSales> sales = MemberRows()
            .Where(r => r.Kind is "checkout" or "refund" && r.StoreId is not null && r.At >= from && r.At < to && (storeId is null || r.StoreId == storeId))
            .GroupBy(r => r.StoreId!).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new StoreSales(g.Key, g.LongCount(r => r.Kind == "checkout"), g.LongCount(r => r.Kind == "refund"), g.Sum(r => r.SpendDelta)))
            .ToList();
        return Task.FromResult(sales);
    }

    public Task<IReadOnlyList<RfmFacts>> RfmFacts(string? storeId, DateTimeOffset asOf, CancellationToken ct = default)
    {
        var yearAgo = asOf.AddMonths(-12);
        IReadOnlyList<RfmFacts> facts = MemberRows()
            .Where(r => r.Kind is "checkout" or "refund" && r.At <= asOf && (storeId is null || r.StoreId == storeId))
            .GroupBy(r => r.Account)
            .Where(g => g.Any(r => r.Kind == "checkout"))
            .Select(g => new RfmFacts(
                Rfm.RecencyDays(asOf, g.Where(r => r.Kind == "checkout").Max(r => r.At)),
                g.LongCount(r => r.Kind == "checkout" && r.At > yearAgo),
                g.Where(r => r.At > yearAgo).Sum(r => r.SpendDelta)))
            .ToList();
        return Task.FromResult(facts);
    }

    public Task<IReadOnlyList<Domain.Outreach.MemberRfmFacts>> RfmFactsByMember(DateTimeOffset asOf, CancellationToken ct = default)
    {
        var yearAgo = asOf.AddMonths(-12);
        IReadOnlyList<Domain.Outreach.MemberRfmFacts> facts = MemberRows()
            .Where(r => r.Kind is "checkout" or "refund" && r.At <= asOf)
            .GroupBy(r => r.Account)
            .Where(g => g.Any(r => r.Kind == "checkout"))
            .Select(g => new Domain.Outreach.MemberRfmFacts(g.Key[MemberPrefix.Length..], new RfmFacts(
                Rfm.RecencyDays(asOf, g.Where(r => r.Kind == "checkout").Max(r => r.At)),
                g.LongCount(r => r.Kind == "checkout" && r.At > yearAgo),
                g.Where(r => r.At > yearAgo).Sum(r => r.SpendDelta))))
            .ToList();
        return Task.FromResult(facts);
    }

    public Task<IReadOnlyList<string>> MemberIdsAfter(string? after, int limit, CancellationToken ct = default)
    {
        IReadOnlyList<string> ids = Members().Keys.Where(k => after is null || string.CompareOrdinal(k, after) > 0)
            .OrderBy(k => k, StringComparer.Ordinal).Take(limit).ToList();
        return Task.FromResult(ids);
    }
}
