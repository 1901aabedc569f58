using Loyalty.Runtime;
using Loyalty.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Runtime.Tests.Grains;

/// <summary>Builds a runtime with the test grains over a given storage.</summary>
public static class RuntimeFactory
{
    public static GrainRuntime Create(IGrainStorage storage, TimeProvider? time = null, RuntimeOptions? options = null)
    {
        var services = new ServiceCollection().BuildServiceProvider();
        return new GrainRuntime(
            storage,
            [
                new GrainRegistration(typeof(ICounterGrain), typeof(CounterGrain), "counter"),
                new GrainRegistration(typeof(IForwarderGrain), typeof(ForwarderGrain), "forwarder", OwnerType: "counter"),
            ],
            services,
            time ?? TimeProvider.System,
            options ?? new RuntimeOptions());
    }
}

/// <summary>Storage that takes a while per round trip, as a database does, so batches can form.</summary>
public sealed class SlowStorage(IGrainStorage inner, TimeSpan latency) : ForwardingStorage(inner)
{
    public int FailNextWrites;

    public override async Task<IReadOnlyList<WriteResult>> WriteBatchAsync(IReadOnlyList<GrainWrite> writes, CancellationToken ct = default)
    {
        await Task.Delay(latency, ct);
        if (Interlocked.Decrement(ref FailNextWrites) >= 0)
        {
            throw new IOException("the database went away");
        }
        return await Inner.WriteBatchAsync(writes, ct);
    }
}
