using System.Diagnostics;
using Loyalty.Persistence;
using Loyalty.Persistence.Storage;
using Loyalty.Storage.Postgres;
using Loyalty.StorageBench;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Serialization;
using Orleans.Storage;

// Usage: Loyalty.StorageBench <connection string> [seconds per run = 20] [concurrent grains = 64]
// Prints one line per run: "<provider> <mode> <writes/s>"; warm = the same 64 grains written over and over,
// cold = every write activates a new grain (read + write).
var connectionString = args.Length > 0 ? args[0] : throw new ArgumentException("connection string required");
var seconds = args.Length > 1 ? int.Parse(args[1]) : 20;
var concurrency = args.Length > 2 ? int.Parse(args[2]) : 64;

var dataSource = new NpgsqlDataSourceBuilder(connectionString).Build();
await new PostgresMigrator(dataSource).MigrateAsync();

var stjOptions = new SystemTextJsonGrainStorageSerializerOptions();
stjOptions.JsonSerializerOptions.TypeInfoResolver = BenchJson.Default;
var host = Host.CreateDefaultBuilder()
    .ConfigureLogging(l => l.ClearProviders())
    .UseOrleans(silo =>
    {
        silo.UseLocalhostClustering(siloPort: FreePort(), gatewayPort: 0);
        silo.Services.AddSingleton(dataSource);
        silo.Services.AddSingleton<ILedgerStore>(new PostgresLedgerStore(dataSource));
        silo.Services.AddSingleton(TimeProvider.System);
        silo.AddLedgeredStorage();
        silo.AddAdoNetGrainStorage("stock", o =>
        {
            o.Invariant = PostgresOrleans.Invariant;
            o.DataSource = dataSource;
            o.GrainStorageSerializer = new SystemTextJsonGrainStorageSerializer(Options.Create(stjOptions));
        });
    })
    .Build();
await host.StartAsync();
var grains = host.Services.GetRequiredService<IGrainFactory>();

foreach (var (name, factory) in new (string, Func<string, IWriterGrain>)[]
         {
             ("stock-adonet", key => grains.GetGrain<IWriterGrain>($"s-{key}", "Loyalty.StorageBench.StockWriterGrain")),
             ("ledgered", key => grains.GetGrain<IWriterGrain>($"l-{key}", "Loyalty.StorageBench.LedgeredWriterGrain")),
         })
{
    foreach (var cold in new[] { false, true })
    {
        // A short unrecorded run first, so JIT and connection pools are warm for the measured one.
        await RunAsync(factory, cold, TimeSpan.FromSeconds(3), $"warmup-{name}-{cold}");
        var rate = await RunAsync(factory, cold, TimeSpan.FromSeconds(seconds), $"{name}-{cold}");
        Console.WriteLine($"{name} {(cold ? "cold" : "warm")} {rate:F0}");
    }
}
await host.StopAsync();

async Task<double> RunAsync(Func<string, IWriterGrain> factory, bool cold, TimeSpan duration, string run)
{
    long writes = 0;
    var stopwatch = Stopwatch.StartNew();
    var workers = Enumerable.Range(0, concurrency).Select(async worker =>
    {
        for (var n = 0; stopwatch.Elapsed < duration; n++)
        {
            var key = cold ? $"{run}-{worker}-{n}" : $"{run}-{worker}";
            await factory(key).Write(1);
            Interlocked.Increment(ref writes);
        }
    });
    await Task.WhenAll(workers);
    return writes / stopwatch.Elapsed.TotalSeconds;
}

static int FreePort()
{
    using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
    listener.Start();
    return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
}
