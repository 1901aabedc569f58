using Loyalty.Domain;
using Loyalty.Domain.Pricing;
using Loyalty.Domain.Tiers;

namespace Loyalty.Grains.Members;

/// <summary>A batch of earned points that expires together; spending takes the oldest lots first.</summary>
public sealed class PointsLot
{
    public DateOnly EarnedOn { get; set; }

    public long Remaining { get; set; }
}

/// <summary>A status change with who made it and why (资格管理).</summary>
public sealed class StatusChange
{
    public string Status { get; set; } = "";

    public string Reason { get; set; } = "";

    public string By { get; set; } = "";

    public DateTimeOffset At { get; set; }
}

/// <summary>An operation id this member applied recently, with the hash of its request (fast idempotency check).</summary>
public sealed class RecentOperation
{
    public string Id { get; set; } = "";

    public string Hash { get; set; } = "";
}

/// <summary>Everything a member grain keeps in memory and persists as one JSON state.</summary>
public sealed class MemberState
{
    public string MemberId { get; set; } = "";

    public string Name { get; set; } = "";

    public string Phone { get; set; } = "";

    public DateOnly? Birthday { get; set; }

    public string? Gender { get; set; }

    public string? HomeStoreId { get; set; }

    public string? ReferrerMemberId { get; set; }

    public DateTimeOffset JoinedAt { get; set; }

    public string Status { get; set; } = "active";

    public List<StatusChange> StatusHistory { get; set; } = [];

    public string Tier { get; set; } = "regular";

    public DateOnly TierSince { get; set; }

    public long Points { get; set; }

    public long PendingPoints { get; set; }

    public List<PointsLot> Lots { get; set; } = [];

    public SpendHistory Spend { get; set; } = new();

    public long LifetimePointsEarned { get; set; }

    public List<string> Cards { get; set; } = [];

    public string? HouseholdId { get; set; }

    public List<RecentOperation> Recent { get; set; } = [];
}
