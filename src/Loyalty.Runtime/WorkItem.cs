namespace Loyalty.Runtime;

/// <summary>One call waiting in an activation's mailbox, answered only after what it observed is durable.</summary>
internal abstract class WorkItem
{
    public abstract Task RunAsync(object grain);

    public abstract void Complete();

    public abstract void Fail(Exception error);
}

internal sealed class WorkItem<TResult>(Func<object, object?, Task<TResult>> method, object? argument) : WorkItem
{
    private readonly TaskCompletionSource<TResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TResult? _result;

    public Task<TResult> Task => _completion.Task;

    public override async Task RunAsync(object grain) => _result = await method(grain, argument).ConfigureAwait(false);

    public override void Complete() => _completion.TrySetResult(_result!);

    public override void Fail(Exception error) => _completion.TrySetException(error);
}
