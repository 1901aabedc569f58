namespace Loyalty.Persistence;

/// <summary>
/// On a grain interface method: the call is answered as soon as its turn ends, before its commit, so the grain can
/// run its next turn while the write is in flight (pipelined commits for a non-reentrant grain, and a callee that does
/// not hold its caller for a round trip). Only other grains call such methods, and never act on the answer outside
/// the grains before it is durable: a grain caller hands the callee's durability to its own commit
/// (<see cref="ILedgeredState{TState}.DependOn"/>), so its write — and its own answer — wait for it; a grain answering
/// outside callers awaits <see cref="ILedgeredState{TState}.WhenDurable"/> in an interleaving method.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AnswerBeforeCommitAttribute : Attribute;
