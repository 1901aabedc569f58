using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Loyalty.Runtime;
using Loyalty.Runtime.Storage;

namespace Loyalty.Runtime.Tests.Grains;

public sealed record AddRequest(string OperationId, long Amount, bool FailAfterChange = false);

public sealed record CounterValue(long Value, int Operations);

public sealed record Nothing;

public sealed record BlockRequest(TaskCompletionSource Entered, Task Release);

public interface ICounterGrain : IGrainWithStringKey
{
    Task<CounterValue> Add(AddRequest request);

    Task<CounterValue> Get(Nothing request);

    Task<CounterValue> Block(BlockRequest request);
}

public sealed class CounterState
{
    public long Value { get; set; }

    public int Operations { get; set; }
}

[JsonSerializable(typeof(CounterState))]
internal sealed partial class CounterJson : JsonSerializerContext;

/// <summary>A minimal grain for runtime tests: adds amounts, records a ledger row per operation.</summary>
public sealed class CounterGrain : Grain<CounterState>, ICounterGrain
{
    protected override JsonTypeInfo<CounterState> StateJson => CounterJson.Default.CounterState;

    protected override GrainSummary Summarize() => new(Points: State.Value);

    public Task<CounterValue> Add(AddRequest request)
    {
        State.Value += request.Amount;
        State.Operations++;
        AppendLedger(new LedgerRow($"counter:{Key}", request.OperationId, "add", Time.GetUtcNow(),
            PointsDelta: request.Amount, PointsAfter: State.Value));
        if (request.FailAfterChange)
        {
            throw new InvalidOperationException("failed after changing the state");
        }
        return Task.FromResult(new CounterValue(State.Value, State.Operations));
    }

    public Task<CounterValue> Get(Nothing request) => Task.FromResult(new CounterValue(State.Value, State.Operations));

    public async Task<CounterValue> Block(BlockRequest request)
    {
        request.Entered.TrySetResult();
        await request.Release;
        return new CounterValue(State.Value, State.Operations);
    }
}
