using System.Text.Json;

namespace Loyalty.Persistence.Storage;

/// <summary><see cref="ILedgerQueries"/> over the in-memory storage's ledger snapshot (demo run and fast tests).</summary>
public sealed class InMemoryLedgerQueries(InMemoryLedgerStore storage) : ILedgerQueries
{
    public Task<IReadOnlyList<EarnerRow>> TopEarnersAsync(DateTimeOffset from, DateTimeOffset to, string? storeId, int limit, CancellationToken ct = default)
    {
        var members = storage.Summaries().Where(s => s.Id.Type == "member").ToDictionary(s => s.Id.Key, s => s.Summary);
        IReadOnlyList<EarnerRow> rows = storage.Ledger()
            .Select(e => e.Row)
            .Where(r => r.At >= from && r.At < to && r.Account.StartsWith(EarningLedgerKinds.MemberAccountPrefix, StringComparison.Ordinal))
            .Select(r => (MemberId: r.Account[EarningLedgerKinds.MemberAccountPrefix.Length..], Points: Earned(r)))
            .Where(r => r.Points != 0 && members.TryGetValue(r.MemberId, out var m) && m.Status != "cancelled" && (storeId is null || m.StoreId == storeId))
            .GroupBy(r => r.MemberId)
            .Select(g => new EarnerRow(g.Key, members[g.Key].Tier, g.Sum(r => r.Points)))
            .Where(r => r.PointsEarned > 0)
            .OrderByDescending(r => r.PointsEarned).ThenBy(r => r.MemberId, StringComparer.Ordinal)
            .Take(limit)
            .ToList();
        return Task.FromResult(rows);
    }

    private static long Earned(LedgerRow row) => row.Kind switch
    {
        EarningLedgerKinds.Checkout => Field(row.DataJson, "pointsEarned"),
        EarningLedgerKinds.Refund => -Field(row.DataJson, "pointsReversed"),
        var kind when EarningLedgerKinds.Other.Contains(kind) => Field(row.DataJson, "earned"),
        _ => 0,
    };

    private static long Field(string? json, string name)
    {
        if (json is null)
        {
            return 0;
        }
        using var document = JsonDocument.Parse(json);
        return document.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : 0;
    }
}
