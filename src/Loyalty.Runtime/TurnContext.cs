using Loyalty.Runtime.Storage;

namespace Loyalty.Runtime;

/// <summary>
/// The grain turn the current code runs in (flows with the turn's awaits), and the commits of other grains its
/// calls changed: the turn's own commit waits for them.
/// </summary>
internal sealed class TurnContext(GrainId grain)
{
    private static readonly AsyncLocal<TurnContext?> CurrentTurn = new();

    public static TurnContext? Current
    {
        get => CurrentTurn.Value;
        set => CurrentTurn.Value = value;
    }

    public GrainId Grain { get; } = grain;

    public List<Task>? Dependencies { get; private set; }

    /// <summary>
    /// Calls go one way between grain types (card → member → household); a call to a grain of the caller's own type
    /// (a member's transfer to another member) could make two commits wait for each other, so it is answered durable.
    /// </summary>
    public bool MayAnswerEarly(GrainId callee) => callee.Type != Grain.Type;

    public void DependOn(Task durable) => (Dependencies ??= []).Add(durable);
}
