using System.Collections.Concurrent;
using System.Reflection;
using Orleans.Concurrency;

namespace Loyalty.Persistence;

/// <summary>
/// Commits after every grain call: for a grain with a ledgered state, a call that returns is answered only once what
/// it changed (and what it read) is durable; a call that throws has its changes dropped and the state put back.
/// Methods marked <see cref="AnswerBeforeCommitAttribute"/> are answered when their turn ends, their write still
/// committed in order. <c>[AlwaysInterleave]</c> methods run beside a turn, so they must not touch the state and are
/// passed straight through, as are grains without a ledgered state.
/// </summary>
internal sealed class LedgeredCommitFilter : IIncomingGrainCallFilter
{
    private static readonly ConcurrentDictionary<MethodInfo, Kind> Kinds = new();

    private enum Kind
    {
        Turn,
        AnswerBeforeCommit,
        Interleaving,
    }

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        var kind = context.InterfaceMethod is null ? Kind.Turn : Kinds.GetOrAdd(context.InterfaceMethod, static method =>
            method.IsDefined(typeof(AlwaysInterleaveAttribute)) ? Kind.Interleaving
            : method.IsDefined(typeof(AnswerBeforeCommitAttribute)) ? Kind.AnswerBeforeCommit
            : Kind.Turn);
        if (kind == Kind.Interleaving || context.TargetContext.GetComponent<ILedgeredTurn>() is not { } turn)
        {
            await context.Invoke();
            return;
        }
        turn.BeginTurn();
        try
        {
            await context.Invoke();
        }
        catch
        {
            turn.AbandonTurn();
            throw;
        }
        var durable = turn.EndTurnAsync();
        if (kind == Kind.AnswerBeforeCommit)
        {
            // The caller learns of a failure through the durability it waits for; observe it here so it is not unobserved.
            _ = durable.ContinueWith(static t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);
            return;
        }
        await durable;
    }
}
