using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Loyalty.Persistence;
using Loyalty.Persistence.Storage;
using Orleans.Concurrency;

namespace Loyalty.Grains.Tests.TestGrains;

[GenerateSerializer, Alias("Test.PoolAnswer")]
public sealed record PoolAnswer(long Total, string Activation);

/// <summary>A shared pool (the household's shape): reentrant, answers its callers before its commit.</summary>
[Alias("Test.IPoolGrain")]
public interface IPoolGrain : IGrainWithStringKey
{
    [Alias("Apply"), AnswerBeforeCommit]
    Task<PoolAnswer> Apply(string operationId, long amount);

    [Alias("AwaitDurable"), AlwaysInterleave]
    Task AwaitDurable(string activation);

    [Alias("Total")]
    Task<long> Total();

    /// <summary>Test only: the total in memory, committed or not, without waiting (a test watches turns run).</summary>
    [Alias("Uncommitted"), AlwaysInterleave]
    Task<long> Uncommitted();
}

/// <summary>An account (the member's shape): non-reentrant turns that call the pool, answered outside once durable.</summary>
[Alias("Test.IAccountGrain")]
public interface IAccountGrain : IGrainWithStringKey
{
    [Alias("Deposit"), AlwaysInterleave]
    Task<long> Deposit(string operationId, long amount, string poolKey);

    [Alias("Total")]
    Task<long> Total();
}

/// <summary>The account's turn, called by the account itself: answered when the turn ends, committed in order.</summary>
[Alias("Test.IAccountTurns")]
public interface IAccountTurns : IGrainWithStringKey
{
    [Alias("DepositTurn"), AnswerBeforeCommit]
    Task<long> DepositTurn(string operationId, long amount, string poolKey);
}

public sealed class TotalState : ILedgeredRecord<TotalState>
{
    public static JsonTypeInfo<TotalState> JsonInfo => TotalJson.Default.TotalState;

    public long Total { get; set; }

    public GrainSummary Summarize() => new(Points: Total);
}

[JsonSerializable(typeof(TotalState))]
internal sealed partial class TotalJson : JsonSerializerContext;

[Reentrant]
[GrainType("pool")]
public sealed class PoolGrain([LedgeredState("pool")] ILedgeredState<TotalState> state) : Grain, IPoolGrain
{
    public Task<PoolAnswer> Apply(string operationId, long amount)
    {
        state.State.Total += amount;
        state.AppendLedger(new LedgerRow($"pool:{state.Key}", operationId, "apply", DateTimeOffset.UnixEpoch,
            PointsDelta: amount, PointsAfter: state.State.Total));
        return Task.FromResult(new PoolAnswer(state.State.Total, state.ActivationId));
    }

    public Task AwaitDurable(string activation) => activation == state.ActivationId
        ? state.WhenDurable()
        : throw new GrainConflictException("The pool was reactivated since it answered; its change may be lost.");

    public Task<long> Total() => Task.FromResult(state.State.Total);

    public Task<long> Uncommitted() => Task.FromResult(state.State.Total);
}

[GrainType("account")]
public sealed class AccountGrain([LedgeredState("account")] ILedgeredState<TotalState> state) : Grain, IAccountGrain, IAccountTurns
{
    public async Task<long> Deposit(string operationId, long amount, string poolKey)
    {
        var total = await GrainFactory.GetGrain<IAccountTurns>(this.GetPrimaryKeyString()).DepositTurn(operationId, amount, poolKey);
        await state.WhenDurable();
        return total;
    }

    public async Task<long> DepositTurn(string operationId, long amount, string poolKey)
    {
        var pool = GrainFactory.GetGrain<IPoolGrain>(poolKey);
        var answer = await pool.Apply(operationId, amount);
        state.DependOn(pool.AwaitDurable(answer.Activation));
        state.State.Total += amount;
        state.AppendLedger(new LedgerRow($"account:{state.Key}", operationId, "deposit", DateTimeOffset.UnixEpoch,
            PointsDelta: amount, PointsAfter: state.State.Total));
        return state.State.Total;
    }

    public Task<long> Total() => Task.FromResult(state.State.Total);
}
