using Loyalty.Domain;
using Loyalty.Grains.Cards;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Members;
using Loyalty.Host.Infrastructure;
using Loyalty.Host.Live;
using Loyalty.Persistence.Storage;
using Microsoft.Extensions.Options;

namespace Loyalty.Host.Demo;

/// <summary>
/// Demo traffic so a new user sees the dashboard move: a few real checkouts per second through the grains, on the
/// demo members' cards in S001 and S002, and now and then a new member. Only on in-memory storage, because it
/// writes made-up data.
/// </summary>
public sealed partial class TrafficSimulator(
    IGrainFactory grains,
    ILedgerStore storage,
    DashboardPublisher publisher,
    IOptions<SimulatorOptions> options,
    TimeProvider time,
    ILogger<TrafficSimulator> logger) : IHostedService
{
    private sealed record Shopper(string MemberId, string CardNumber, string Store, bool IsNew);

    private sealed record Product(string Sku, string Category, decimal Price);

    private static readonly Product[] Catalogue =
    [
        new("MILK-1L", "dairy", 12.50m), new("BREAD-LOAF", "bakery", 8.00m), new("COFFEE-250G", "grocery", 45.00m),
        new("RICE-5KG", "grocery", 69.00m), new("SHAMPOO", "personal-care", 39.90m), new("APPLES-1KG", "produce", 15.80m),
        new("TEA-GIFT", "grocery", 128.00m), new("HEADPHONES", "electronics", 299.00m),
    ];

    private static readonly Product BigTicket = new("TV-55", "electronics", 3_999.00m);
    private static readonly string[] Stores = ["S001", "S002"];
    private static readonly Actor Simulator = new("admin", null, "simulator");

    private readonly Lock _lock = new();
    private readonly string _runId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..6];
    private readonly List<Shopper> _shoppers = DemoDataSeeder.Members
        .Select(m => new Shopper(m.MemberId, m.CardNumber, m.Store, IsNew: false)).ToList();
    private readonly Dictionary<string, long> _points = new(StringComparer.Ordinal);
    private CancellationTokenSource? _stop;
    private Task _loop = Task.CompletedTask;
    private long _sequence;

    /// <summary>The simulator writes demo data, so it runs only on the in-memory storage of the demo run.</summary>
    public bool IsAvailable => storage is InMemoryLedgerStore;

    public bool IsRunning
    {
        get
        {
            lock (_lock)
            {
                return _stop is not null;
            }
        }
    }

    public double CheckoutsPerSecond => Math.Clamp(options.Value.CheckoutsPerSecond, 0.1, 100);

    /// <summary>Starts the traffic; false when it cannot run here (PostgreSQL storage).</summary>
    public bool Start()
    {
        if (!IsAvailable)
        {
            return false;
        }
        lock (_lock)
        {
            if (_stop is null)
            {
                _stop = new CancellationTokenSource();
                var stop = _stop.Token;
                _loop = Task.Run(() => RunAsync(stop), CancellationToken.None);
                LogStarted(CheckoutsPerSecond);
            }
        }
        return true;
    }

    public async Task Stop()
    {
        CancellationTokenSource stop;
        Task loop;
        lock (_lock)
        {
            if (_stop is null)
            {
                return;
            }
            stop = _stop;
            _stop = null;
            loop = _loop;
        }
        await stop.CancelAsync();
        await loop;
        stop.Dispose();
        LogStopped();
    }

    Task IHostedService.StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Enabled)
        {
            Start();
        }
        return Task.CompletedTask;
    }

    Task IHostedService.StopAsync(CancellationToken cancellationToken) => Stop();

    private async Task RunAsync(CancellationToken stop)
    {
        var random = options.Value.Seed is { } seed ? new Random(seed) : new Random();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1 / CheckoutsPerSecond), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                try
                {
                    // About one in fifteen steps a new member joins; the rest are checkouts.
                    if (random.Next(15) == 0 && _shoppers.Count < 500)
                    {
                        await RegisterMember(random);
                    }
                    else
                    {
                        await Checkout(random);
                    }
                }
                catch (DomainException ex)
                {
                    LogRefused(ex.Code);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            LogFailed(ex);
        }
    }

    private async Task Checkout(Random random)
    {
        var shopper = _shoppers[random.Next(_shoppers.Count)];
        var lines = new List<CheckoutLineRequest>();
        // New members now and then buy something big, which shows tier upgrades on the dashboard.
        if (shopper.IsNew && random.Next(8) == 0)
        {
            lines.Add(new CheckoutLineRequest(BigTicket.Sku, BigTicket.Category, 1, BigTicket.Price, false));
        }
        foreach (var product in Catalogue.OrderBy(_ => random.Next()).Take(random.Next(1, 5)))
        {
            lines.Add(new CheckoutLineRequest(product.Sku, product.Category, random.Next(1, 4), product.Price, false));
        }
        var redeem = _points.GetValueOrDefault(shopper.MemberId) >= 500 && random.Next(6) == 0 ? 100 : 0;
        var checkoutId = $"sim-{_runId}-{Interlocked.Increment(ref _sequence)}";
        var receipt = await grains.GetGrain<ICardGrain>(shopper.CardNumber).Checkout(new MemberCheckout(
            checkoutId, checkoutId, shopper.Store, shopper.CardNumber, lines, redeem, null, 0m, false));
        _points[shopper.MemberId] = receipt.PointsBalance;
        publisher.CheckoutCommitted(receipt);
    }

    private async Task RegisterMember(Random random)
    {
        var store = Stores[random.Next(Stores.Length)];
        var memberId = Ids.NewMemberId();
        var phone = "139" + random.NextInt64(10_000_000, 99_999_999);
        var owner = await grains.GetGrain<IPhoneIndexGrain>(PhoneIndexGrain.KeyFor(phone)).Claim(new ClaimPhone(memberId));
        if (owner.MemberId != memberId)
        {
            return;
        }
        var member = await grains.GetGrain<IMemberGrain>(memberId).Register(new RegisterMember(
            memberId, $"Demo Shopper {_shoppers.Count + 1}", phone, null, null, store, null, Simulator));
        publisher.MemberJoined(member);
        var card = Ids.NewCardNumber();
        await grains.GetGrain<ICardGrain>(card).Issue(new IssueCard(memberId, CardTypes.Standard, Simulator));
        _shoppers.Add(new Shopper(memberId, card, store, IsNew: true));
    }

    [LoggerMessage(EventId = LogEvents.SimulatorStarted, Level = LogLevel.Information, Message = "Traffic simulator started: {Rate} checkouts per second in S001 and S002")]
    private partial void LogStarted(double rate);

    [LoggerMessage(EventId = LogEvents.SimulatorStopped, Level = LogLevel.Information, Message = "Traffic simulator stopped")]
    private partial void LogStopped();

    [LoggerMessage(EventId = LogEvents.SimulatedOperationRefused, Level = LogLevel.Debug, Message = "Simulated operation refused: {Code}")]
    private partial void LogRefused(string code);

    [LoggerMessage(EventId = LogEvents.SimulatorFailed, Level = LogLevel.Error, Message = "Traffic simulator failed and stopped")]
    private partial void LogFailed(Exception exception);
}
