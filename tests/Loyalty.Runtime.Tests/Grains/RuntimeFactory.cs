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
public sealed class SlowStorage(IGrainStorage inner, TimeSpan latency) : IGrainStorage
{
    public int FailNextWrites;

    public Task<StoredGrain?> ReadAsync(GrainId id, CancellationToken ct = default) => inner.ReadAsync(id, ct);

    public Task<IReadOnlyList<StoredGrain?>> ReadManyAsync(IReadOnlyList<GrainId> ids, CancellationToken ct = default) =>
        inner.ReadManyAsync(ids, ct);

    public Task<IReadOnlyList<StoredWithOwner>> ReadManyWithOwnersAsync(IReadOnlyList<GrainId> ids, IReadOnlyList<string?> ownerTypes,
        CancellationToken ct = default) => inner.ReadManyWithOwnersAsync(ids, ownerTypes, ct);

    public async Task<IReadOnlyList<WriteResult>> WriteBatchAsync(IReadOnlyList<GrainWrite> writes, CancellationToken ct = default)
    {
        await Task.Delay(latency, ct);
        if (Interlocked.Decrement(ref FailNextWrites) >= 0)
        {
            throw new IOException("the database went away");
        }
        return await inner.WriteBatchAsync(writes, ct);
    }

    public Task<DocumentRow?> ReadDocumentAsync(string collection, string id, CancellationToken ct = default) => inner.ReadDocumentAsync(collection, id, ct);

    public Task<IReadOnlyList<LedgerEntry>> ReadLedgerAsync(string account, int limit, long? beforeSequence = null, CancellationToken ct = default) =>
        inner.ReadLedgerAsync(account, limit, beforeSequence, ct);

    public Task<IReadOnlyList<GrainId>> ReadDueAsync(string job, DateTimeOffset until, int limit, CancellationToken ct = default) =>
        inner.ReadDueAsync(job, until, limit, ct);

    public Task<bool> PingAsync(CancellationToken ct = default) => inner.PingAsync(ct);
}
