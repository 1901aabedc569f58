namespace Loyalty.Persistence.Storage;

/// <summary>One member's points earned in a period, for the leaderboard (积分排名).</summary>
public sealed record EarnerRow(string MemberId, string? Tier, long PointsEarned);

/// <summary>
/// Read-only questions answered straight from the ledger, without activating grains. "Earned" is what members
/// earned themselves in the period: the <c>pointsEarned</c> of checkout rows' data plus the <c>earned</c> of
/// check-in, review and referral rows (after the daily cap, including points that paid off debt), minus the
/// <c>pointsReversed</c> of refund rows booked in the period. Transfers, manual adjustments, merges and redemptions
/// are not earning. Cancelled members are left out; <c>storeId</c> filters by the member's home store.
/// </summary>
public interface ILedgerQueries
{
    Task<IReadOnlyList<EarnerRow>> TopEarnersAsync(DateTimeOffset from, DateTimeOffset to, string? storeId, int limit, CancellationToken ct = default);
}

/// <summary>Ledger kinds and data fields the earning queries read (written by the member grain).</summary>
public static class EarningLedgerKinds
{
    public const string Checkout = "checkout";
    public const string Refund = "refund";
    public static readonly IReadOnlyList<string> Other = ["check-in", "review", "referral"];
    public const string MemberAccountPrefix = "member:";
}
