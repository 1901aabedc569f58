using Loyalty.Storage.Postgres;
using Npgsql;

namespace Loyalty.Tests.Support;

/// <summary>
/// A throw-away PostgreSQL schema for tests: a data source whose search path is a fresh schema
/// (<c>t_&lt;guid&gt;</c>), so tests never see each other's rows; the schema is dropped on dispose.
/// The server comes from env <c>LOYALTY_TEST_PG</c> (see <c>test.sh</c>). Self-contained so other test
/// projects can link this file.
/// </summary>
public sealed class PostgresTestSchema : IAsyncDisposable
{
    public const string DefaultConnectionString = "Host=127.0.0.1;Username=postgres;Password=postgres;Database=loyalty_test";

    private PostgresTestSchema(string name)
    {
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(BaseConnectionString) { SearchPath = name, MaxPoolSize = 8 }.ConnectionString;
        DataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    /// <summary>The test server, without a search path.</summary>
    public static string BaseConnectionString =>
        Environment.GetEnvironmentVariable("LOYALTY_TEST_PG") is { Length: > 0 } fromEnv ? fromEnv : DefaultConnectionString;

    public string Name { get; }

    /// <summary>
    /// Connection string with <c>Search Path</c> set to this schema. The pool is small because test classes and
    /// test projects run in parallel against one server with PostgreSQL's default 100 connections.
    /// </summary>
    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>A new, not yet created, schema; <see cref="MigrateAsync"/> creates it.</summary>
    public static PostgresTestSchema Create() => new("t_" + Guid.NewGuid().ToString("N"));

    /// <summary>A new schema with all migrations applied.</summary>
    public static async Task<PostgresTestSchema> CreateMigratedAsync()
    {
        var schema = Create();
        await schema.MigrateAsync();
        return schema;
    }

    public Task<IReadOnlyList<int>> MigrateAsync() => new PostgresMigrator(DataSource).MigrateAsync();

    public async ValueTask DisposeAsync()
    {
        // Close this schema's pooled connections first so the DROP does not wait on them.
        await DataSource.DisposeAsync();
        await using var admin = new NpgsqlConnection(BaseConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{Name}\" CASCADE", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
