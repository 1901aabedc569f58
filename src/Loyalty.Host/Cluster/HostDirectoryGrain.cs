using System.Diagnostics;
using Loyalty.Host.Live;
using Orleans.Concurrency;

namespace Loyalty.Host.Cluster;

/// <summary>What one host may be told by the others.</summary>
[Alias("Loyalty.IHostPeer")]
public interface IHostPeer : IGrainObserver
{
    /// <summary>Committed operations another host served, for this host's dashboards. Fire and forget.</summary>
    [Alias("Dashboard"), OneWay]
    Task Dashboard(DashboardEvent[] events);

    /// <summary>Program data changed: reload it before answering, so the next checkout on this host sees it.</summary>
    [Alias("CatalogChanged")]
    Task CatalogChanged(CatalogKind kind);
}

/// <summary>The program data that hosts keep in memory for checkouts.</summary>
[GenerateSerializer, Alias("Loyalty.CatalogKind")]
public enum CatalogKind
{
    Program,
    Promotions,
    CouponTemplates,
}

/// <summary>A live host: its id and the observer that reaches it.</summary>
[GenerateSerializer, Alias("Loyalty.HostEntry")]
public sealed record HostEntry(string HostId, string Description, IHostPeer Peer);

/// <summary>
/// The hosts of the cluster (key "default"): each host renews its entry every few seconds and gets the others back.
/// Kept in memory only: when the silo holding it dies, it starts empty elsewhere and is full again one renewal
/// later. Entries not renewed for <see cref="HostDirectoryGrain.Expiry"/> are dropped (a host killed without leaving).
/// </summary>
[Alias("Loyalty.IHostDirectoryGrain")]
public interface IHostDirectoryGrain : IGrainWithStringKey
{
    const string DefaultKey = "default";

    /// <summary>Adds or renews <paramref name="self"/>; answers every live host, itself included.</summary>
    [Alias("Join")]
    Task<HostEntry[]> Join(HostEntry self);

    [Alias("Leave")]
    Task Leave(string hostId);
}

[GrainType("host-directory")]
public sealed class HostDirectoryGrain : Grain, IHostDirectoryGrain
{
    /// <summary>Three missed renewals (hosts renew every 2 s).</summary>
    public static readonly TimeSpan Expiry = TimeSpan.FromSeconds(6);

    private readonly Dictionary<string, (HostEntry Entry, long Seen)> _hosts = new(StringComparer.Ordinal);

    public Task<HostEntry[]> Join(HostEntry self)
    {
        // The wall clock: the application's TimeProvider is a fake one in tests.
        var now = Stopwatch.GetTimestamp();
        _hosts[self.HostId] = (self, now);
        foreach (var (id, host) in _hosts.ToList())
        {
            if (Stopwatch.GetElapsedTime(host.Seen, now) > Expiry)
            {
                _hosts.Remove(id);
            }
        }
        return Task.FromResult(_hosts.Values.Select(h => h.Entry).ToArray());
    }

    public Task Leave(string hostId)
    {
        _hosts.Remove(hostId);
        return Task.CompletedTask;
    }
}
