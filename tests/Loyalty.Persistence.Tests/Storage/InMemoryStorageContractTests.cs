using Loyalty.Persistence.Storage;

namespace Loyalty.Persistence.Tests.Storage;

/// <summary>The storage contract against the in-memory store (a fresh store per test).</summary>
public sealed class InMemoryStorageContractTests : StorageContractTests
{
    private readonly InMemoryLedgerStore _storage = new();

    protected override ILedgerStore Storage => _storage;

    protected override Task<GrainSummary?> ReadSummaryAsync(StateId id) =>
        Task.FromResult(_storage.Summaries().Where(s => s.Id == id).Select(s => s.Summary).FirstOrDefault());
}
