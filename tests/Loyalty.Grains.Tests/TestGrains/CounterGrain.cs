using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Loyalty.Persistence;
using Loyalty.Persistence.Storage;
using Orleans.Concurrency;

namespace Loyalty.Grains.Tests.TestGrains;

[GenerateSerializer, Alias("Test.AddRequest")]
public sealed record AddRequest(string OperationId, long Amount, bool FailAfterChange = false);

[GenerateSerializer, Alias("Test.CounterValue")]
public sealed record CounterValue(long Value, int Operations, string Silo);

/// <summary>Adds amounts with one ledger row each; refuses a zero amount before changing anything.</summary>
[Alias("Test.ICounterGrain")]
public interface ICounterGrain : IGrainWithStringKey
{
    [Alias("Add")]
    Task<CounterValue> Add(AddRequest request);

    [Alias("Get")]
    Task<CounterValue> Get();
}

/// <summary>The same counter, reentrant: its calls change the state without awaiting, so only commit waits interleave.</summary>
[Alias("Test.IHotCounterGrain")]
public interface IHotCounterGrain : ICounterGrain
{
    /// <summary>Test only: the value in memory, committed or not, without waiting (a test watches turns run).</summary>
    [Alias("Uncommitted"), AlwaysInterleave]
    Task<long> Uncommitted();
}

public sealed class CounterState : ILedgeredRecord<CounterState>
{
    public static JsonTypeInfo<CounterState> JsonInfo => CounterJson.Default.CounterState;

    public long Value { get; set; }

    public int Operations { get; set; }

    public GrainSummary Summarize() => new(Points: Value);
}

[JsonSerializable(typeof(CounterState))]
internal sealed partial class CounterJson : JsonSerializerContext;

/// <summary>Counter logic shared by both grain classes.</summary>
public abstract class CounterGrainBase(ILedgeredState<CounterState> state) : Grain
{
    public const string Type = "counter";

    public Task<CounterValue> Add(AddRequest request)
    {
        if (request.Amount == 0)
        {
            throw new Loyalty.Domain.DomainException("validation", "Nothing to add.");
        }
        state.State.Value += request.Amount;
        state.State.Operations++;
        state.AppendLedger(new LedgerRow($"counter:{state.Key}", request.OperationId, "add", DateTimeOffset.UnixEpoch,
            PointsDelta: request.Amount, PointsAfter: state.State.Value));
        if (request.FailAfterChange)
        {
            // A bug after the change: the call must still leave no trace.
            throw new InvalidOperationException("failed after changing the state");
        }
        return Task.FromResult(View());
    }

    public Task<CounterValue> Get() => Task.FromResult(View());

    /// <summary>Test only: the value in memory, committed or not, without waiting (a test watches turns run).</summary>
    public Task<long> Uncommitted() => Task.FromResult(state.State.Value);

    private CounterValue View() => new(state.State.Value, state.State.Operations, RuntimeIdentity);
}

[GrainType("counter")]
public sealed class CounterGrain([LedgeredState(CounterGrainBase.Type)] ILedgeredState<CounterState> state)
    : CounterGrainBase(state), ICounterGrain;

[Reentrant]
[GrainType("hot-counter")]
public sealed class HotCounterGrain([LedgeredState("hot-counter")] ILedgeredState<CounterState> state)
    : CounterGrainBase(state), IHotCounterGrain;
