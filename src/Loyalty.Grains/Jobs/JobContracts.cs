namespace Loyalty.Grains.Jobs;

/// <summary>
/// Asks a member to do a scheduled job that the due-date table says is due. <c>DueAt</c> is the instant the
/// scheduler ran the pass for; the grain decides from its own state and clock, so an early or repeated call
/// changes nothing.
/// </summary>
[GenerateSerializer, Immutable, Alias("Loyalty.RunMemberJob")]
public sealed record RunMemberJob(string Job, DateTimeOffset DueAt);

/// <summary>What a job run did: whether it changed the member, and when the job is next due (null = not scheduled).</summary>
[GenerateSerializer, Alias("Loyalty.JobResult")]
public sealed record JobResult(string Job, bool Changed, DateTimeOffset? NextDueAt);

/// <summary>Ledger data of an expiry row: how many lots expired and the earning days they came from.</summary>
public sealed record ExpiryLedgerNote(int Lots, DateOnly FirstEarnedOn, DateOnly LastEarnedOn);

/// <summary>Ledger data of a pending-release row.</summary>
public sealed record ReleaseLedgerNote(int Lots, long DebtPaid);

/// <summary>Outbox data of a tier change (upgrade or review).</summary>
public sealed record TierChangedNotice(string From, string To, string Reason);

/// <summary>Outbox data of a birthday greeting.</summary>
public sealed record BirthdayGreetingNotice(int Year, string Tier);

/// <summary>Outbox data of a points-expiring reminder: points expiring by <c>Until</c>, the first on <c>FirstExpiresOn</c>.</summary>
public sealed record PointsExpiringNotice(long Points, DateOnly FirstExpiresOn, DateOnly Until);

/// <summary>Outbox data of a coupon put in the member's wallet.</summary>
public sealed record CouponIssuedNotice(string Code, string Source, decimal Amount, DateOnly ValidFrom, DateOnly ValidTo);
