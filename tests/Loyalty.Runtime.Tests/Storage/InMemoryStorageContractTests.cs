using Loyalty.Runtime.Storage;

namespace Loyalty.Runtime.Tests.Storage;

/// <summary>The storage contract against the in-memory store (a fresh store per test).</summary>
public sealed class InMemoryStorageContractTests : StorageContractTests
{
    private readonly InMemoryGrainStorage _storage = new();

    protected override IGrainStorage Storage => _storage;

    protected override Task<GrainSummary?> ReadSummaryAsync(GrainId id) =>
        Task.FromResult(_storage.Summaries().Where(s => s.Id == id).Select(s => s.Summary).FirstOrDefault());
}
