using Loyalty.Grains.Flows;

namespace Loyalty.Host.Infrastructure;

/// <summary>New ids for members and cards (made by <see cref="NewIds"/>, which the flows share).</summary>
public static class Ids
{
    public static string NewMemberId() => NewIds.Member();

    /// <summary>A 16-digit card number starting 88 (printed or virtual).</summary>
    public static string NewCardNumber() => NewIds.Card();

    /// <summary>An approval request id.</summary>
    public static string NewRequestId() => NewIds.Request();
}
