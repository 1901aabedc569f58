namespace Loyalty.Grains.Contracts;

/// <summary>Who a coupon outreach job reaches (see Loyalty.Domain.Outreach.SegmentCriteria).</summary>
[GenerateSerializer, Alias("Loyalty.OutreachSegment")]
public sealed record OutreachSegment(string? Tier, string? RfmSegment, int? BirthdayMonth, string? HomeStoreId);

/// <summary>Starts a job (or answers it when this id was started with the same request).</summary>
[GenerateSerializer, Immutable, Alias("Loyalty.StartCouponOutreach")]
public sealed record StartCouponOutreach(string TemplateId, OutreachSegment Segment, string RequestHash, Actor By);

[GenerateSerializer, Immutable, Alias("Loyalty.GetCouponOutreach")]
public sealed record GetCouponOutreach;

/// <summary>
/// One batch done: members after <see cref="From"/> up to and including <see cref="To"/> were looked at. Applied only
/// when the job's cursor still is <see cref="From"/>, so a batch is counted once even when two runners race.
/// </summary>
[GenerateSerializer, Immutable, Alias("Loyalty.AdvanceCouponOutreach")]
public sealed record AdvanceCouponOutreach(string? From, string To, int Processed, int Issued);

/// <summary>No member is left after the cursor: the job is done.</summary>
[GenerateSerializer, Immutable, Alias("Loyalty.CompleteCouponOutreach")]
public sealed record CompleteCouponOutreach(string? At);

/// <summary>A coupon outreach job and its progress; null fields before it was started.</summary>
[GenerateSerializer, Alias("Loyalty.CouponOutreachView")]
public sealed record CouponOutreachView(string JobId, string TemplateId, OutreachSegment Segment, string Status, DateTimeOffset StartedAt,
    string StartedBy, string? Cursor, long Processed, long Issued, long Batches, DateTimeOffset? CompletedAt);

/// <summary>Gives the member the outreach coupon when it is active and in the segment; the coupon code makes it once per job.</summary>
[GenerateSerializer, Immutable, Alias("Loyalty.IssueOutreachCoupon")]
public sealed record IssueOutreachCoupon(OutreachSegment Segment, IReadOnlyList<string>? TemplateTiers, IssueCoupon Coupon);

/// <summary>Whether the member holds the job's coupon now (issued in this call or before).</summary>
[GenerateSerializer, Alias("Loyalty.OutreachIssueResult")]
public sealed record OutreachIssueResult(bool Holds, bool NewlyIssued);

[GenerateSerializer, Immutable, Alias("Loyalty.ListOutreachJobs")]
public sealed record ListOutreachJobs;

[GenerateSerializer, Alias("Loyalty.OutreachJobIds")]
public sealed record OutreachJobIds(IReadOnlyList<string> JobIds);

[GenerateSerializer, Immutable, Alias("Loyalty.TrackOutreachJob")]
public sealed record TrackOutreachJob(string JobId, bool Running);
