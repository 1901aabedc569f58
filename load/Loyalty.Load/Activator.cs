using System.Diagnostics;

namespace Loyalty.Load;

/// <summary>
/// Activates member grains by reading them (GET /members/{id}) for members <c>--from</c> onwards, so the host's
/// memory per activation can be measured from the outside.
/// </summary>
public static class Activator
{
    public static async Task<int> RunAsync(LoadOptions o, Api api)
    {
        var clock = Stopwatch.StartNew();
        long ok = 0, failed = 0;
        await Parallel.ForEachAsync(Enumerable.Range(o.From, o.Members), new ParallelOptions { MaxDegreeOfParallelism = o.Concurrency },
            async (i, ct) =>
            {
                var reply = await api.GetAsync($"api/v1/members/{Population.MemberId(i)}", WireJson.Default.MemberLite, ct);
                Interlocked.Increment(ref reply.Ok ? ref ok : ref failed);
            });
        Console.WriteLine($"activated {ok} members ({failed} failed) in {clock.Elapsed.TotalSeconds:0.0} s: {ok / clock.Elapsed.TotalSeconds:0}/s");
        return failed > 0 ? 1 : 0;
    }
}
