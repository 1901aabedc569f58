using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Loyalty.Persistence;
using Loyalty.Persistence.Storage;

namespace Loyalty.StorageBench;

/// <summary>One write of a member-sized state: points and spend move, as at a checkout.</summary>
[Alias("Bench.IWriter")]
public interface IWriterGrain : IGrainWithStringKey
{
    [Alias("Write")]
    Task<long> Write(long points);
}

/// <summary>The state both writers keep: a small member-like record.</summary>
public sealed class BenchState : ILedgeredRecord<BenchState>
{
    public static JsonTypeInfo<BenchState> JsonInfo => BenchJson.Default.BenchState;

    public string Tier { get; set; } = "regular";

    public long Points { get; set; }

    public decimal Spend { get; set; }

    public int Writes { get; set; }

    public GrainSummary Summarize() => new(Tier: Tier, Points: Points, Spend: Spend);
}

[JsonSerializable(typeof(BenchState))]
public sealed partial class BenchJson : JsonSerializerContext;

/// <summary>Stock Microsoft.Orleans.Persistence.AdoNet: one WriteStateAsync per call.</summary>
[GrainType("bench-stock")]
public sealed class StockWriterGrain([PersistentState("bench", "stock")] IPersistentState<BenchState> state) : Grain, IWriterGrain
{
    public async Task<long> Write(long points)
    {
        state.State.Points += points;
        state.State.Spend += points;
        state.State.Writes++;
        await state.WriteStateAsync();
        return state.State.Points;
    }
}

/// <summary>The project's ledgered storage: the state and one ledger row per call, group-committed.</summary>
[GrainType("bench-ledgered")]
public sealed class LedgeredWriterGrain([LedgeredState("bench")] ILedgeredState<BenchState> state) : Grain, IWriterGrain
{
    public Task<long> Write(long points)
    {
        var s = state.State;
        s.Points += points;
        s.Spend += points;
        s.Writes++;
        state.AppendLedger(new LedgerRow($"bench:{state.Key}", $"w{s.Writes}", "checkout", DateTimeOffset.UtcNow,
            PointsDelta: points, SpendDelta: points, PointsAfter: s.Points));
        return Task.FromResult(s.Points);
    }
}
