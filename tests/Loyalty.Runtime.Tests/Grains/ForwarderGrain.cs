using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Loyalty.Runtime;
using Loyalty.Runtime.Storage;

namespace Loyalty.Runtime.Tests.Grains;

public sealed record ForwardRequest(string OperationId, string CounterKey, long Amount);

public interface IForwarderGrain : IGrainWithStringKey
{
    /// <summary>Adds the amount to a counter grain, then records it in its own state.</summary>
    Task<CounterValue> Forward(ForwardRequest request);

    Task<CounterValue> Get(Nothing request);
}

public sealed class ForwarderState
{
    /// <summary>The counter it forwarded to last: its owner, as a card's is its member.</summary>
    public string? LastCounter { get; set; }

    public long Forwarded { get; set; }

    public int Calls { get; set; }
}

[JsonSerializable(typeof(ForwarderState))]
internal sealed partial class ForwarderJson : JsonSerializerContext;

/// <summary>A grain that calls another grain inside its turn, as a member calls its household.</summary>
public sealed class ForwarderGrain : Grain<ForwarderState>, IForwarderGrain
{
    protected override JsonTypeInfo<ForwarderState> StateJson => ForwarderJson.Default.ForwarderState;

    protected override GrainSummary Summarize() => new(Owner: State.LastCounter);

    public async Task<CounterValue> Forward(ForwardRequest request)
    {
        var counter = await GrainFactory.Get<ICounterGrain>(request.CounterKey).Add(new AddRequest(request.OperationId, request.Amount));
        State.LastCounter = request.CounterKey;
        State.Forwarded += request.Amount;
        State.Calls++;
        AppendLedger(new LedgerRow($"forwarder:{Key}", request.OperationId, "forward", Time.GetUtcNow(),
            PointsDelta: request.Amount, PointsAfter: State.Forwarded));
        return counter;
    }

    public Task<CounterValue> Get(Nothing request) => Task.FromResult(new CounterValue(State.Forwarded, State.Calls));
}
