using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Reflection;
using Loyalty.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Loyalty.Runtime;

/// <summary>Which class implements a grain interface, and the type name its state is stored under.</summary>
/// <remarks>
/// <paramref name="OwnerType"/>: the type of the grain this one's summary names as owner, when a call to this grain is
/// nearly always followed by one to its owner (a card's member); activating it then reads the owner's state in the
/// same round trip.
/// </remarks>
public sealed record GrainRegistration(Type Interface, Type Implementation, string TypeName, string? OwnerType = null);

/// <summary>
/// The silo: a directory of activations (one per grain), created on first call and collected when idle or
/// when the activation bound is reached (least recently used first).
/// </summary>
public sealed partial class GrainRuntime : IGrainFactory, IAsyncDisposable
{
    private readonly ConcurrentDictionary<GrainId, Activation> _activations = new();
    private readonly Dictionary<Type, GrainRegistration> _byInterface;
    private readonly Dictionary<string, GrainRegistration> _byTypeName;
    // Constructor lookup done once per grain class, not per activation (uniform traffic activates two grains a call).
    private readonly Dictionary<string, ObjectFactory> _factories;
    private readonly IServiceProvider _services;
    private readonly RuntimeOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _collector;
    // ConcurrentDictionary.Count takes every lock of the dictionary: too dear for each call, so creations and removals
    // keep their own count for the bound check.
    private int _activationCount;
    private int _collecting;
    private int _disposed;

    public GrainRuntime(
        IGrainStorage storage,
        IEnumerable<GrainRegistration> registrations,
        IServiceProvider services,
        TimeProvider time,
        RuntimeOptions options,
        ILogger<GrainRuntime>? logger = null)
    {
        Storage = storage;
        Time = time;
        _services = services;
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _byInterface = registrations.ToDictionary(r => r.Interface);
        _byTypeName = registrations.ToDictionary(r => r.TypeName);
        _factories = _byTypeName.ToDictionary(p => p.Key, p => ActivatorUtilities.CreateFactory(p.Value.Implementation, []));
        foreach (var registration in _byInterface.Values)
        {
            GrainProxy.Validate(registration.Interface);
        }
        Committer = new GroupCommitter(storage, options.MaxBatchSize, options.CommitConcurrency);
        Reader = new GroupReader(storage, options.MaxReadBatchSize, options.ReadConcurrency,
            type => options.PrefetchOwners && _byTypeName.TryGetValue(type, out var r) ? r.OwnerType : null, IsActive);
        LoyaltyMeter.Meter.CreateObservableGauge("loyalty.runtime.activations", () => _activations.Count, "{activation}",
            "Grain activations in memory");
        _collector = CollectPeriodicallyAsync();
    }

    public IGrainStorage Storage { get; }

    public TimeProvider Time { get; }

    public GroupCommitter Committer { get; }

    /// <summary>Where activations read their state, so many cold grains share one round trip.</summary>
    public GroupReader Reader { get; }

    public int ActivationCount => _activations.Count;

    public TGrain Get<TGrain>(string key) where TGrain : IGrainWithStringKey
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (!_byInterface.TryGetValue(typeof(TGrain), out var registration))
        {
            throw new InvalidOperationException($"No grain class is registered for {typeof(TGrain).Name}.");
        }
        var proxy = DispatchProxy.Create<TGrain, GrainProxy>();
        var grainProxy = (GrainProxy)(object)proxy;
        grainProxy.Runtime = this;
        grainProxy.Id = new GrainId(registration.TypeName, key);
        return proxy;
    }

    /// <summary>True when the grain currently has an activation in this silo.</summary>
    public bool IsActive(GrainId id) => _activations.ContainsKey(id);

    internal Task<TResult> InvokeAsync<TResult>(GrainId id, Func<object, object?, Task<TResult>> method, object? argument)
    {
        var turn = TurnContext.Current;
        var early = turn is not null && turn.MayAnswerEarly(id);
        var item = new WorkItem<TResult>(method, argument, early);
        if (early)
        {
            turn!.DependOn(item.Durable!);
        }
        while (true)
        {
            if (!_activations.TryGetValue(id, out var activation))
            {
                var created = CreateActivation(id);
                activation = _activations.GetOrAdd(id, created);
                if (ReferenceEquals(activation, created) && Interlocked.Increment(ref _activationCount) > _options.MaxActivations)
                {
                    TriggerCollection();
                }
            }
            if (activation.TryEnqueue(item))
            {
                return item.Task;
            }
            // Deactivated between lookup and enqueue: drop it and activate afresh.
            Forget(activation);
        }
    }

    private Activation CreateActivation(GrainId id)
    {
        var grain = (IGrainInstance)_factories[id.Type](_services, null);
        return new Activation(id, grain, this);
    }

    internal void Forget(Activation activation)
    {
        if (_activations.TryRemove(new KeyValuePair<GrainId, Activation>(activation.Id, activation)))
        {
            Interlocked.Decrement(ref _activationCount);
        }
        Reader.Forget(activation.Id);
    }

    /// <summary>
    /// Deactivates activations idle for longer than the idle age, then, above the bound, the least recently used
    /// until 90% of the bound remains. Busy activations are skipped. Returns how many were deactivated.
    /// </summary>
    public int Collect()
    {
        var now = Time.GetUtcNow();
        var collected = 0;
        foreach (var (id, activation) in _activations)
        {
            if (now - activation.LastUsed >= _options.IdleAge && Deactivate(activation))
            {
                collected++;
            }
        }
        var excess = Volatile.Read(ref _activationCount) - _options.MaxActivations;
        if (excess > 0)
        {
            // Enumerating the dictionary takes no lock (its Values property takes every lock and would stall new
            // activations while it copies hundreds of thousands of entries); sorting plain timestamps keeps the sweep
            // cheap. Busy activations are skipped and the next least recently used taken instead.
            var activations = new List<Activation>(Volatile.Read(ref _activationCount));
            foreach (var (_, activation) in _activations)
            {
                activations.Add(activation);
            }
            var byAge = activations.ToArray();
            var lastUsed = Array.ConvertAll(byAge, a => a.LastUsed.UtcTicks);
            Array.Sort(lastUsed, byAge);
            var target = excess + _options.MaxActivations / 10;
            for (var i = 0; i < byAge.Length && target > 0; i++)
            {
                if (Deactivate(byAge[i]))
                {
                    collected++;
                    target--;
                }
            }
        }
        if (collected > 0)
        {
            LogCollected(collected, _activations.Count);
        }
        return collected;
    }

    private bool Deactivate(Activation activation)
    {
        if (!activation.TryDeactivate())
        {
            return false;
        }
        Forget(activation);
        return true;
    }

    private void TriggerCollection()
    {
        if (Interlocked.CompareExchange(ref _collecting, 1, 0) != 0)
        {
            return;
        }
        _ = Task.Run(() =>
        {
            try
            {
                Collect();
            }
            finally
            {
                Volatile.Write(ref _collecting, 0);
            }
        });
    }

    private async Task CollectPeriodicallyAsync()
    {
        // The sweep's cadence is wall-clock; idle ages are measured with the runtime's TimeProvider.
        using var timer = new PeriodicTimer(_options.CollectionInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false))
            {
                Collect();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        // DI may hand the same instance out under two service types and dispose it twice.
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _collector.ConfigureAwait(false);
        await Committer.DisposeAsync().ConfigureAwait(false);
        await Reader.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Deactivated {Collected} activations; {Remaining} remain")]
    private partial void LogCollected(int collected, int remaining);
}
