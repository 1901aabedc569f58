namespace Loyalty.Runtime;

/// <summary>One call waiting in an activation's mailbox, answered only after what it observed is durable.</summary>
internal abstract class WorkItem
{
    public abstract Task RunAsync(object grain);

    /// <summary>The turn ran without error; its commit may still be pending.</summary>
    public abstract void TurnSucceeded();

    /// <summary>What the call saw is durable.</summary>
    public abstract void Complete();

    /// <summary>The call failed, or (after <see cref="TurnSucceeded"/>) what it saw was lost.</summary>
    public abstract void Fail(Exception error);
}

/// <remarks>
/// A call from outside the runtime is answered when its commit is durable. A call made inside another grain's turn
/// (<see cref="TurnContext"/>) is answered as soon as its turn succeeds, so the caller's turn goes on at once; the
/// caller's commit then waits for <see cref="Durable"/> instead, and is dropped with the caller's in-memory state
/// reloaded when that fails. Either way no one outside the runtime sees a change before it is durable.
/// </remarks>
internal sealed class WorkItem<TResult>(Func<object, object?, Task<TResult>> method, object? argument, bool answerEarly) : WorkItem
{
    private readonly TaskCompletionSource<TResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    // Synchronous: its only awaiter is the calling grain's commit, which then queues its own write at once (see
    // GroupCommitter.CommitAsync).
    private readonly TaskCompletionSource? _durable = answerEarly ? new() : null;
    private TResult? _result;
    private bool _answered;

    public Task<TResult> Task => _completion.Task;

    /// <summary>
    /// For a call answered early: completes once what the call changed is durable (at once when the call failed,
    /// as it changed nothing) and faults when the change was lost.
    /// </summary>
    public Task? Durable => _durable?.Task;

    public override async Task RunAsync(object grain) => _result = await method(grain, argument).ConfigureAwait(false);

    public override void TurnSucceeded()
    {
        if (_durable is not null)
        {
            _answered = true;
            _completion.TrySetResult(_result!);
        }
    }

    public override void Complete()
    {
        if (_durable is null)
        {
            _completion.TrySetResult(_result!);
        }
        else
        {
            _durable.TrySetResult();
        }
    }

    public override void Fail(Exception error)
    {
        if (_durable is null)
        {
            _completion.TrySetException(error);
        }
        else if (_answered)
        {
            _durable.TrySetException(error);
        }
        else
        {
            _completion.TrySetException(error);
            _durable.TrySetResult();
        }
    }
}
