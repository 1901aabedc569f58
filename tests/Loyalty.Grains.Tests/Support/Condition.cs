namespace Loyalty.Tests.Support;

/// <summary>Waits for a state another thread reaches, instead of guessing how long it takes.</summary>
public static class Condition
{
    public static async Task WaitAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting until {what}.");
            }
            // Re-checked on the next timer tick; the work being waited for runs on the thread pool meanwhile.
            await Task.Delay(1);
        }
    }
}
