namespace Loyalty.Domain.Tests;

internal static class Failing
{
    /// <summary>Runs the action and returns the error code of the <see cref="DomainException"/> it must throw.</summary>
    public static string Code(Action action) => Assert.Throws<DomainException>(action).Code;
}
