using System.Collections.Concurrent;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Loyalty.Persistence;
using Loyalty.Persistence.Storage;
using Orleans.Concurrency;

namespace Loyalty.Grains.Tests.TestGrains;

[GenerateSerializer, Alias("Test.PoolAnswer")]
public sealed record PoolAnswer(long Total, string Activation);

/// <summary>A shared pool (the household's shape): reentrant, answers its callers before its commit.</summary>
[Alias("Test.IPoolCalls")]
public interface IPoolCalls : IGrainWithStringKey
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

/// <summary>The pool sharing its durability: an account in its silo waits for the pool's writes directly.</summary>
[Alias("Test.IPoolGrain")]
public interface IPoolGrain : IPoolCalls;

/// <summary>The same pool without sharing: accounts ask it (<c>AwaitDurable</c>), as they do from another silo.</summary>
[Alias("Test.IAskedPoolGrain")]
public interface IAskedPoolGrain : IPoolCalls;

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

public abstract class PoolGrainBase(ILedgeredState<TotalState> state) : Grain, IPoolCalls
{
    /// <summary>Pool keys starting with this are asked pools (<see cref="IAskedPoolGrain"/>).</summary>
    public const string AskedPrefix = "asked-";

    public static IPoolCalls For(IGrainFactory grains, string key) => key.StartsWith(AskedPrefix, StringComparison.Ordinal)
        ? grains.GetGrain<IAskedPoolGrain>(key)
        : grains.GetGrain<IPoolGrain>(key);

    public Task<PoolAnswer> Apply(string operationId, long amount)
    {
        state.State.Total += amount;
        state.AppendLedger(new LedgerRow($"pool:{state.Key}", operationId, "apply", DateTimeOffset.UnixEpoch,
            PointsDelta: amount, PointsAfter: state.State.Total));
        return Task.FromResult(new PoolAnswer(state.State.Total, state.ActivationId));
    }

    /// <summary>Test only: <c>AwaitDurable</c> calls each pool key received.</summary>
    public static readonly ConcurrentDictionary<string, int> AwaitDurableCalls = new();

    public Task AwaitDurable(string activation)
    {
        AwaitDurableCalls.AddOrUpdate(state.Key, 1, (_, calls) => calls + 1);
        return activation == state.ActivationId
            ? state.WhenDurable()
            : throw new GrainConflictException("The pool was reactivated since it answered; its change may be lost.");
    }

    public Task<long> Total() => Task.FromResult(state.State.Total);

    public Task<long> Uncommitted() => Task.FromResult(state.State.Total);
}

[Reentrant]
[GrainType("pool")]
public sealed class PoolGrain([LedgeredState("pool", SharesDurability = true)] ILedgeredState<TotalState> state)
    : PoolGrainBase(state), IPoolGrain;

[Reentrant]
[GrainType("asked-pool")]
public sealed class AskedPoolGrain([LedgeredState("asked-pool")] ILedgeredState<TotalState> state)
    : PoolGrainBase(state), IAskedPoolGrain;

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
        var pool = PoolGrainBase.For(GrainFactory, poolKey);
        var answer = await pool.Apply(operationId, amount);
        state.DependOn(answer.Activation, () => pool.AwaitDurable(answer.Activation));
        state.State.Total += amount;
        state.AppendLedger(new LedgerRow($"account:{state.Key}", operationId, "deposit", DateTimeOffset.UnixEpoch,
            PointsDelta: amount, PointsAfter: state.State.Total));
        return state.State.Total;
    }

    public Task<long> Total() => Task.FromResult(state.State.Total);
}
