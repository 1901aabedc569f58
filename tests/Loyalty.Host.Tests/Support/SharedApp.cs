namespace Loyalty.Host.Tests.Support;

/// <summary>
/// One in-memory host for a test class whose tests each work on members of their own and never move the clock or
/// change the program: they cannot see each other, and the class starts one host instead of one per test.
/// </summary>
public sealed class SharedApp : IDisposable
{
    public LoyaltyApp App { get; } = new();

    public void Dispose() => App.Dispose();
}
