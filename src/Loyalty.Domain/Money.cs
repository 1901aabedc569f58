namespace Loyalty.Domain;

/// <summary>Money arithmetic of the program: amounts are yuan with 2 decimals (domain.md: "Money … with 2 decimals").</summary>
public static class Money
{
    /// <summary>
    /// Rounds to cents, halves away from zero (0.005 → 0.01), as a till does; every money amount the engine computes
    /// (prices, discounts, refunds, bonuses, report averages) goes through here so they all agree to the cent.
    /// </summary>
    public static decimal Round(decimal amount) => decimal.Round(amount, 2, MidpointRounding.AwayFromZero);

    /// <summary>Whether an amount has at most <paramref name="decimals"/> decimal places (input validation).</summary>
    public static bool HasAtMostDecimals(decimal amount, int decimals = 2) => decimal.Round(amount, decimals) == amount;
}
