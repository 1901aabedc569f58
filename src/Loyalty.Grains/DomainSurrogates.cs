using Loyalty.Domain;
using Orleans.Serialization;

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
}

[RegisterConverter]
public sealed class SpendHistoryConverter : IConverter<Loyalty.Domain.Tiers.SpendHistory, SpendHistorySurrogate>
{
    public Loyalty.Domain.Tiers.SpendHistory ConvertFromSurrogate(in SpendHistorySurrogate surrogate) =>
        new() { Days = new SortedDictionary<DateOnly, decimal>(surrogate.Days), ArchivedTotal = surrogate.ArchivedTotal };

    public SpendHistorySurrogate ConvertToSurrogate(in Loyalty.Domain.Tiers.SpendHistory value) =>
        new() { Days = new Dictionary<DateOnly, decimal>(value.Days), ArchivedTotal = value.ArchivedTotal };
}
