using Loyalty.Domain.Reports;

namespace Loyalty.Domain.Outreach;

/// <summary>
/// Who an outreach job reaches (精准营销): every criterion given must hold (tier, RFM segment, birthday month, home
/// store); none given = every active member. The RFM segment is decided over the whole chain as of the job's start.
/// </summary>
public sealed record SegmentCriteria(string? Tier = null, string? RfmSegment = null, int? BirthdayMonth = null, string? HomeStoreId = null)
{
    /// <summary>The criteria a member checks itself (all but the RFM segment, which needs every member's figures).</summary>
    public bool MatchesMember(string tier, DateOnly? birthday, string? homeStoreId) =>
        (Tier is null || Tier == tier)
        && (BirthdayMonth is null || birthday?.Month == BirthdayMonth)
        && (HomeStoreId is null || HomeStoreId == homeStoreId);

    /// <summary>The members of <paramref name="segment"/> among these per-member figures (same scoring as the RFM report).</summary>
    public static HashSet<string> RfmMembers(IReadOnlyList<MemberRfmFacts> members, string segment)
    {
        var facts = members.Select(m => m.Facts).ToList();
        var segments = Rfm.SegmentsOf(facts);
        return members.Where((m, i) => segments[i] == segment).Select(m => m.MemberId).ToHashSet(StringComparer.Ordinal);
    }
}

/// <summary>One member's RFM figures.</summary>
public sealed record MemberRfmFacts(string MemberId, RfmFacts Facts);
