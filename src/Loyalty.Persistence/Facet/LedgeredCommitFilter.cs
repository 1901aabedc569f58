using Orleans;

namespace Loyalty.Persistence;

/// <summary>
/// Commits after every grain call: for a grain with a ledgered state, a call that returns is answered only once what
/// it changed (and what it read) is durable; a call that throws has its changes dropped and the state put back.
/// Grains without a ledgered state pass straight through.
/// </summary>
internal sealed class LedgeredCommitFilter : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.TargetContext.GetComponent<ILedgeredTurn>() is not { } turn)
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
        await turn.EndTurnAsync();
    }
}
