using Loyalty.Host.Infrastructure;

namespace Loyalty.Host.Cluster;

/// <summary>
/// A piece of periodic work that must run once per cluster, not once per host (scheduled member jobs, webhook
/// delivery). One activation per cluster (a grain with a fixed key) runs it on a grain timer; the timer callback is
/// a non-interleaved turn, so a pass started by the timer and one asked for by an admin never overlap. An Orleans
/// reminder keeps the activation alive across silos: when the silo holding it dies, the reminder's next tick
/// activates it on a survivor, which starts the timer again (and runs a pass at once). The work itself keeps its
/// place in durable tables (the due-jobs index, the delivery leases), so a new activation continues where the last
/// pass stopped.
/// </summary>
public abstract partial class ClusterPassGrain<TReport>(ILogger logger) : Grain, IRemindable
{
    /// <summary>Orleans' shortest reminder period: how late, at worst, the work resumes after its silo died.</summary>
    public static readonly TimeSpan KeepAlivePeriod = TimeSpan.FromMinutes(1);

    private const string KeepAliveReminder = "keep-alive";

    private IGrainTimer? _timer;

    /// <summary>Whether the timer runs passes (off in the Testing environment: tests run passes themselves).</summary>
    protected abstract bool Enabled { get; }

    protected abstract TimeSpan Interval { get; }

    protected abstract Task<TReport> RunPassAsync(CancellationToken ct);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Enabled)
        {
            await this.RegisterOrUpdateReminder(KeepAliveReminder, KeepAlivePeriod, KeepAlivePeriod);
            // The first pass runs at once: whatever fell due while no silo ran the work is done now.
            _timer = this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(TimeSpan.Zero, Interval)
            {
                Interleave = false,
                KeepAlive = true,
            });
            LogStarted(GetType().Name, Interval, RuntimeIdentity);
        }
        else if (await this.GetReminder(KeepAliveReminder) is { } reminder)
        {
            // Left by an earlier run with the timer on: the work is off now, so nothing should wake this grain.
            await this.UnregisterReminder(reminder);
        }
        await base.OnActivateAsync(cancellationToken);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        return base.OnDeactivateAsync(reason, cancellationToken);
    }

    /// <summary>Activation does the work (reminder and timer); the tick only has to arrive.</summary>
    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;

    /// <summary>Makes sure the activation (and so its timer) exists; hosts call it at start-up.</summary>
    public Task Start() => Task.CompletedTask;

    /// <summary>One pass now, in turn with the timer's passes.</summary>
    protected Task<TReport> RunNowAsync() => RunPassAsync(CancellationToken.None);

    private async Task TickAsync(CancellationToken ct)
    {
        try
        {
            await RunPassAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The next tick retries; a failing pass must not stop the timer.
            LogPassFailed(GetType().Name, e);
        }
    }

    [LoggerMessage(EventId = LogEvents.ClusterPassStarted, Level = LogLevel.Information, Message = "{Pass} runs every {Interval} on {Silo}")]
    private partial void LogStarted(string pass, TimeSpan interval, string silo);

    [LoggerMessage(EventId = LogEvents.ClusterPassFailed, Level = LogLevel.Error, Message = "A {Pass} pass failed; the next tick retries")]
    private partial void LogPassFailed(string pass, Exception exception);
}
