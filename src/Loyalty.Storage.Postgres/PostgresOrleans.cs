using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Storage;

namespace Loyalty.Storage.Postgres;

/// <summary>
/// Orleans' own ADO.NET providers on PostgreSQL: cluster membership, reminders, and the stock grain storage of the
/// grains without a ledger; for API-only hosts (Orleans clients), the gateway list. Their tables and named queries come from migration 0007_orleans.sql. All of them use the
/// process's one <see cref="NpgsqlDataSource"/> (one connection pool), registered by the host.
/// </summary>
public static class PostgresOrleans
{
    /// <summary>The ADO.NET invariant of Npgsql (the providers default to SQL Server's).</summary>
    public const string Invariant = "Npgsql";

    /// <param name="grainStorageName">The stock grain-storage provider to register.</param>
    /// <param name="serializer">
    /// How that provider writes grain state (it stores UTF-8 JSON in a bytea column); without one it would fall back to
    /// Newtonsoft with CLR type names.
    /// </param>
    public static ISiloBuilder UsePostgresForOrleans(this ISiloBuilder silo, string grainStorageName, IGrainStorageSerializer serializer)
    {
        silo.UseAdoNetClustering(options => options.Configure<NpgsqlDataSource>((o, dataSource) =>
        {
            o.Invariant = Invariant;
            o.DataSource = dataSource;
        }));
        silo.UseAdoNetReminderService(options => options.Configure<NpgsqlDataSource>((o, dataSource) =>
        {
            o.Invariant = Invariant;
            o.DataSource = dataSource;
        }));
        silo.AddAdoNetGrainStorage(grainStorageName, options => options.Configure<NpgsqlDataSource>((o, dataSource) =>
        {
            o.Invariant = Invariant;
            o.DataSource = dataSource;
            o.GrainStorageSerializer = serializer;
        }));
        return silo;
    }

    /// <summary>An Orleans client (an API-only host) finds the silos' gateways in the same membership table.</summary>
    public static IClientBuilder UsePostgresClustering(this IClientBuilder client)
    {
        client.UseAdoNetClustering(options => options.Configure<NpgsqlDataSource>((o, dataSource) =>
        {
            o.Invariant = Invariant;
            o.DataSource = dataSource;
        }));
        return client;
    }
}
