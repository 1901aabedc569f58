namespace Loyalty.Grains.Contracts;

/// <summary>Uses one of the member's tier benefits once per use id (a repeat answers the first use).</summary>
[GenerateSerializer, Immutable, Alias("Loyalty.UseBenefit")]
public sealed record UseBenefit(string UseId, string BenefitId, Actor By);

/// <summary>A recorded benefit use: free within the quota, or the fee to collect beyond it.</summary>
[GenerateSerializer, Alias("Loyalty.BenefitUseView")]
public sealed record BenefitUseView(string UseId, string BenefitId, DateOnly Day, DateTimeOffset At, bool Free, decimal Fee, string? StoreId);

[GenerateSerializer, Immutable, Alias("Loyalty.ListBenefits")]
public sealed record ListBenefits;

/// <summary>One benefit of the member's tier in the current period: quota, uses, what is left and what the next use costs.</summary>
[GenerateSerializer, Alias("Loyalty.BenefitStatusView")]
public sealed record BenefitStatusView(string BenefitId, string Name, string Period, DateOnly PeriodStart, DateOnly PeriodEnd,
    int FreePerPeriod, int Used, int FreeLeft, decimal? FeeBeyond, bool BirthdayMonthOnly, bool AvailableNow);

/// <summary>The member's benefits and recent uses (newest first).</summary>
[GenerateSerializer, Alias("Loyalty.BenefitList")]
public sealed record BenefitList(string MemberId, string Tier, IReadOnlyList<BenefitStatusView> Benefits, IReadOnlyList<BenefitUseView> Uses);
