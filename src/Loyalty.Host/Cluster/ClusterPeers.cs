using System.Diagnostics;
using Loyalty.Host.Infrastructure;
using Loyalty.Host.Live;

namespace Loyalty.Host.Cluster;

/// <summary>
/// This host's place among the cluster's hosts (silo hosts and API-only hosts alike). It registers an observer of
/// itself in the <see cref="IHostDirectoryGrain"/> every <see cref="RenewInterval"/> and learns the others from the
/// answer; through their observers it forwards dashboard events (one-way, batched) and announces program-data
/// changes (awaited, so a change is in force on every live host before the admin gets the answer). As a safety net
/// for a host that missed an announcement (it was unreachable for a moment), every host also reloads the program
/// data every <see cref="ReloadInterval"/>.
/// </summary>
public sealed partial class ClusterPeers(
    IGrainFactory grains,
    DashboardBus bus,
    IServiceProvider services,
    ClusterSettings settings,
    ILogger<ClusterPeers> logger) : BackgroundService, IHostPeer
{
    public static readonly TimeSpan RenewInterval = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan ReloadInterval = TimeSpan.FromSeconds(30);

    /// <summary>How long an announcement waits for a peer; one that does not answer catches up at its next reload.</summary>
    public static readonly TimeSpan AnnounceTimeout = TimeSpan.FromSeconds(5);

    private readonly string _hostId = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";
    private IHostPeer? _self;
    private HostEntry[] _others = [];
    private long _lastJoined;
    private int _stopped;

    /// <summary>This host's id in the directory.</summary>
    public string HostId => _hostId;

    /// <summary>The other live hosts, as of the last renewal.</summary>
    public IReadOnlyList<HostEntry> Others => Volatile.Read(ref _others);

    /// <summary>How long ago this host last reached the directory (a grain call through the cluster); null = never.</summary>
    public TimeSpan? SinceLastJoined => Interlocked.Read(ref _lastJoined) is var at and not 0 ? Stopwatch.GetElapsedTime(at) : null;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        _self = grains.CreateObjectReference<IHostPeer>(this);
        try
        {
            // Before the program data is loaded (hosted services start in order): an announcement made from now on
            // reaches this host, so it cannot load old data and then miss the change.
            await JoinAsync();
        }
        catch (Exception e)
        {
            LogJoinFailed(e.GetType().Name, e.Message);
        }
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RenewInterval);
        var lastReload = Stopwatch.GetTimestamp();
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await JoinAsync();
                    if (Stopwatch.GetElapsedTime(lastReload) >= ReloadInterval)
                    {
                        lastReload = Stopwatch.GetTimestamp();
                        var catalog = services.GetRequiredService<CatalogRefresher>();
                        foreach (var kind in Enum.GetValues<CatalogKind>())
                        {
                            await catalog.ReloadAsync(kind);
                        }
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // The cluster is changing (a silo died, the directory moves): the next renewal retries.
                    LogJoinFailed(e.GetType().Name, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // A host may be told to stop twice (the test server does it); by the second time its silo is gone.
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }
        try
        {
            await grains.GetGrain<IHostDirectoryGrain>(IHostDirectoryGrain.DefaultKey).Leave(_hostId).WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
        }
        catch (Exception e)
        {
            // Leaving is a courtesy: the directory drops a silent host after a few seconds anyway.
            LogLeaveFailed(e.GetType().Name);
        }
        if (_self is not null)
        {
            try
            {
                grains.DeleteObjectReference<IHostPeer>(this);
            }
            catch (Exception e) when (e is ArgumentException or ObjectDisposedException or InvalidOperationException)
            {
                // The runtime may be stopping already; the reference dies with it.
                LogLeaveFailed(e.GetType().Name);
            }
        }
    }

    /// <summary>Renews this host's entry and takes the list of the others.</summary>
    public async Task<IReadOnlyList<HostEntry>> JoinAsync()
    {
        var self = _self ?? throw new InvalidOperationException("The host has not started.");
        var all = await grains.GetGrain<IHostDirectoryGrain>(IHostDirectoryGrain.DefaultKey)
            .Join(new HostEntry(_hostId, Description(), self));
        var others = all.Where(h => h.HostId != _hostId).ToArray();
        Volatile.Write(ref _others, others);
        Interlocked.Exchange(ref _lastJoined, Stopwatch.GetTimestamp());
        return others;
    }

    /// <summary>Sends committed events to every other host's dashboards; never waits and never throws.</summary>
    public void ForwardDashboard(DashboardEvent[] events)
    {
        foreach (var peer in Others)
        {
            try
            {
                // One-way: the call returns once the message is queued; a dead host simply does not get it.
                _ = peer.Peer.Dashboard(events);
            }
            catch (Exception e)
            {
                LogForwardFailed(peer.HostId, e.GetType().Name);
            }
        }
    }

    /// <summary>
    /// Tells every other live host to reload <paramref name="kind"/> and waits for their answers (each at most
    /// <see cref="AnnounceTimeout"/>). The list is taken fresh, so a host that joined a moment ago is told too.
    /// </summary>
    public async Task AnnounceAsync(CatalogKind kind)
    {
        IReadOnlyList<HostEntry> others;
        try
        {
            others = await JoinAsync();
        }
        catch (Exception e)
        {
            LogJoinFailed(e.GetType().Name, e.Message);
            others = Others;
        }
        await Task.WhenAll(others.Select(async peer =>
        {
            try
            {
                await peer.Peer.CatalogChanged(kind).WaitAsync(AnnounceTimeout);
            }
            catch (Exception e)
            {
                LogAnnounceFailed(kind, peer.HostId, e.GetType().Name);
            }
        }));
    }

    Task IHostPeer.Dashboard(DashboardEvent[] events)
    {
        foreach (var item in events)
        {
            bus.Publish(item);
        }
        return Task.CompletedTask;
    }

    Task IHostPeer.CatalogChanged(CatalogKind kind) => services.GetRequiredService<CatalogRefresher>().ReloadAsync(kind);

    private string Description() => settings.ApiOnly ? $"api-only {_hostId}" : $"silo {_hostId}";

    [LoggerMessage(EventId = LogEvents.HostDirectoryUnreachable, Level = LogLevel.Warning, Message = "Could not reach the host directory ({Error}: {Message}); retrying")]
    private partial void LogJoinFailed(string error, string message);

    [LoggerMessage(EventId = LogEvents.HostDirectoryLeaveFailed, Level = LogLevel.Debug, Message = "Could not leave the host directory ({Error})")]
    private partial void LogLeaveFailed(string error);

    [LoggerMessage(EventId = LogEvents.DashboardForwardToHostFailed, Level = LogLevel.Debug, Message = "Dashboard events not forwarded to {Host} ({Error})")]
    private partial void LogForwardFailed(string host, string error);

    [LoggerMessage(EventId = LogEvents.ProgramChangeUnconfirmed, Level = LogLevel.Warning,
        Message = "Host {Host} did not confirm the {Kind} change ({Error}); it reloads on its own within 30 s")]
    private partial void LogAnnounceFailed(CatalogKind kind, string host, string error);
}
