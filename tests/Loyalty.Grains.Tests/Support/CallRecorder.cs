using System.Collections.Concurrent;

namespace Loyalty.Grains.Tests.Support;

/// <summary>
/// Records every call one grain makes to another, as (caller type → callee type): the call-order check. A grain's call
/// to itself (a member running its checkout turn) is not a call between grains.
/// </summary>
public sealed class CallRecorder : IOutgoingGrainCallFilter
{
    public ConcurrentDictionary<(string From, string To), int> Calls { get; } = new();

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        if (context.SourceContext?.GrainId is { } source && !source.IsSystemTarget() && !context.TargetId.IsSystemTarget()
            && IsEngineGrain(source) && IsEngineGrain(context.TargetId) && source != context.TargetId)
        {
            Calls.AddOrUpdate((source.Type.ToString()!, context.TargetId.Type.ToString()!), 1, (_, n) => n + 1);
        }
        await context.Invoke();
    }

    private static bool IsEngineGrain(GrainId id) => !id.Type.ToString()!.StartsWith("sys.", StringComparison.Ordinal);
}
