namespace Loyalty.Domain.Tests;

public class MoneyTests
{
    [Theory]
    [InlineData("2.345", "2.35")]   // half goes away from zero, not to the even cent
    [InlineData("2.335", "2.34")]
    [InlineData("-2.345", "-2.35")]
    [InlineData("2.344", "2.34")]
    [InlineData("10", "10")]
    public void Rounds_to_cents_halves_away_from_zero(string amount, string expected) =>
        Assert.Equal(decimal.Parse(expected), Money.Round(decimal.Parse(amount)));

    [Fact]
    public void Knows_whether_an_amount_has_at_most_the_allowed_decimals()
    {
        Assert.True(Money.HasAtMostDecimals(12.34m));
        Assert.False(Money.HasAtMostDecimals(12.345m));
        Assert.True(Money.HasAtMostDecimals(1.125m, 3));
    }
}
