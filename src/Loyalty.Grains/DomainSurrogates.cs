using Loyalty.Domain;

namespace Loyalty.Grains;

/// <summary>
/// How a <see cref="DomainException"/> crosses silos: its code and message, so the HTTP edge of any host answers the
/// same ProblemDetails. A surrogate keeps Loyalty.Domain free of Orleans.
/// </summary>
[GenerateSerializer, Alias("Loyalty.DomainError")]
public struct DomainExceptionSurrogate
{
    [Id(0)] public string Code;
    [Id(1)] public string Message;
}

[RegisterConverter]
public sealed class DomainExceptionConverter : IConverter<DomainException, DomainExceptionSurrogate>
{
    public DomainException ConvertFromSurrogate(in DomainExceptionSurrogate surrogate) => new(surrogate.Code, surrogate.Message);

    public DomainExceptionSurrogate ConvertToSurrogate(in DomainException value) => new() { Code = value.Code, Message = value.Message };
}

/// <summary>A member's spend history as it crosses silos (member merge); Loyalty.Domain has no Orleans attributes.</summary>
[GenerateSerializer, Alias("Loyalty.SpendHistory")]
public struct SpendHistorySurrogate
{
    [Id(0)] public Dictionary<DateOnly, decimal> Days;
    [Id(1)] public decimal ArchivedTotal;
    [Id(2)] public Dictionary<DateOnly, int>? Purchases;
    [Id(3)] public Dictionary<DateOnly, long>? Points;
}

[RegisterConverter]
public sealed class SpendHistoryConverter : IConverter<Loyalty.Domain.Tiers.SpendHistory, SpendHistorySurrogate>
{
    public Loyalty.Domain.Tiers.SpendHistory ConvertFromSurrogate(in SpendHistorySurrogate surrogate) =>
        new()
        {
            Days = new SortedDictionary<DateOnly, decimal>(surrogate.Days),
            ArchivedTotal = surrogate.ArchivedTotal,
            Purchases = new SortedDictionary<DateOnly, int>(surrogate.Purchases ?? []),
            Points = new SortedDictionary<DateOnly, long>(surrogate.Points ?? []),
        };

    public SpendHistorySurrogate ConvertToSurrogate(in Loyalty.Domain.Tiers.SpendHistory value) =>
        new()
        {
            Days = new Dictionary<DateOnly, decimal>(value.Days),
            ArchivedTotal = value.ArchivedTotal,
            Purchases = new Dictionary<DateOnly, int>(value.Purchases),
            Points = new Dictionary<DateOnly, long>(value.Points),
        };
}

/// <summary>A points lot as it crosses silos (household join/leave, merge, a debit's record).</summary>
[GenerateSerializer, Alias("Loyalty.PointsLot")]
public struct PointsLotSurrogate
{
    [Id(0)] public DateOnly EarnedOn;
    [Id(1)] public DateOnly? ExpiresOn;
    [Id(2)] public long Remaining;
    [Id(3)] public string? EarnedBy;
}

[RegisterConverter]
public sealed class PointsLotConverter : IConverter<Loyalty.Domain.Points.PointsLot, PointsLotSurrogate>
{
    public Loyalty.Domain.Points.PointsLot ConvertFromSurrogate(in PointsLotSurrogate surrogate) =>
        new() { EarnedOn = surrogate.EarnedOn, ExpiresOn = surrogate.ExpiresOn, Remaining = surrogate.Remaining, EarnedBy = surrogate.EarnedBy };

    public PointsLotSurrogate ConvertToSurrogate(in Loyalty.Domain.Points.PointsLot value) =>
        new() { EarnedOn = value.EarnedOn, ExpiresOn = value.ExpiresOn, Remaining = value.Remaining, EarnedBy = value.EarnedBy };
}

/// <summary>A pending lot as it crosses silos (household join/leave, merge).</summary>
[GenerateSerializer, Alias("Loyalty.PendingLot")]
public struct PendingLotSurrogate
{
    [Id(0)] public DateOnly EarnedOn;
    [Id(1)] public DateOnly ReleaseOn;
    [Id(2)] public long Points;
    [Id(3)] public string OperationId;
    [Id(4)] public string? EarnedBy;
}

[RegisterConverter]
public sealed class PendingLotConverter : IConverter<Loyalty.Domain.Points.PendingLot, PendingLotSurrogate>
{
    public Loyalty.Domain.Points.PendingLot ConvertFromSurrogate(in PendingLotSurrogate surrogate) => new()
    {
        EarnedOn = surrogate.EarnedOn, ReleaseOn = surrogate.ReleaseOn, Points = surrogate.Points,
        OperationId = surrogate.OperationId, EarnedBy = surrogate.EarnedBy,
    };

    public PendingLotSurrogate ConvertToSurrogate(in Loyalty.Domain.Points.PendingLot value) => new()
    {
        EarnedOn = value.EarnedOn, ReleaseOn = value.ReleaseOn, Points = value.Points, OperationId = value.OperationId, EarnedBy = value.EarnedBy,
    };
}

/// <summary>A member's coupon as it crosses silos (member merge).</summary>
[GenerateSerializer, Alias("Loyalty.MemberCoupon")]
public struct MemberCouponSurrogate
{
    [Id(0)] public string Code;
    [Id(1)] public string TemplateId;
    [Id(2)] public string Name;
    [Id(3)] public string Kind;
    [Id(4)] public decimal Amount;
    [Id(5)] public decimal Percent;
    [Id(6)] public decimal MinSpend;
    [Id(7)] public DateOnly ValidFrom;
    [Id(8)] public DateOnly ValidTo;
    [Id(9)] public string Source;
    [Id(10)] public string? UsedByCheckoutId;
}

[RegisterConverter]
public sealed class MemberCouponConverter : IConverter<Loyalty.Domain.Coupons.MemberCoupon, MemberCouponSurrogate>
{
    public Loyalty.Domain.Coupons.MemberCoupon ConvertFromSurrogate(in MemberCouponSurrogate s) => new()
    {
        Code = s.Code, TemplateId = s.TemplateId, Name = s.Name, Kind = s.Kind, Amount = s.Amount, Percent = s.Percent,
        MinSpend = s.MinSpend, ValidFrom = s.ValidFrom, ValidTo = s.ValidTo, Source = s.Source, UsedByCheckoutId = s.UsedByCheckoutId,
    };

    public MemberCouponSurrogate ConvertToSurrogate(in Loyalty.Domain.Coupons.MemberCoupon c) => new()
    {
        Code = c.Code, TemplateId = c.TemplateId, Name = c.Name, Kind = c.Kind, Amount = c.Amount, Percent = c.Percent,
        MinSpend = c.MinSpend, ValidFrom = c.ValidFrom, ValidTo = c.ValidTo, Source = c.Source, UsedByCheckoutId = c.UsedByCheckoutId,
    };
}
