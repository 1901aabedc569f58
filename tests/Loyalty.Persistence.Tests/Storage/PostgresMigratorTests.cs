using Loyalty.Storage.Postgres;
using Loyalty.Tests.Support;
using Npgsql;

namespace Loyalty.Persistence.Tests.Storage;

/// <summary>Start-up migrations: repeatable, and safe when several silos start at once.</summary>
public sealed class PostgresMigratorTests
{
    [Fact]
    public async Task Migrations_create_the_schema_and_a_second_run_changes_nothing()
    {
        await using var schema = PostgresTestSchema.Create();

        var first = await schema.MigrateAsync();
        var second = await schema.MigrateAsync();

        Assert.Equal(PostgresMigrator.Migrations.Select(m => m.Version), first);
        Assert.Empty(second);
        Assert.Equal(PostgresMigrator.Migrations.Count, await CountVersionsAsync(schema.DataSource));
        Assert.True(await new PostgresLedgerStore(schema.DataSource).PingAsync());
    }

    [Fact]
    public async Task Concurrent_migrators_apply_each_migration_exactly_once()
    {
        await using var schema = PostgresTestSchema.Create();
        // Separate pools, as separate processes would have.
        var sources = Enumerable.Range(0, 4).Select(_ => NpgsqlDataSource.Create(schema.ConnectionString)).ToList();
        try
        {
            var applied = await Task.WhenAll(sources.Select(s => Task.Run(() => new PostgresMigrator(s).MigrateAsync())));

            Assert.Equal(PostgresMigrator.Migrations.Select(m => m.Version), applied.SelectMany(a => a).Order());
            Assert.Equal(PostgresMigrator.Migrations.Count, await CountVersionsAsync(schema.DataSource));
        }
        finally
        {
            foreach (var source in sources)
            {
                await source.DisposeAsync();
            }
        }
    }

    [Fact]
    public void Migrations_are_embedded_in_version_order()
    {
        Assert.NotEmpty(PostgresMigrator.Migrations);
        Assert.Equal(1, PostgresMigrator.Migrations[0].Version);
        Assert.Equal(PostgresMigrator.Migrations.Select(m => m.Version).Order(), PostgresMigrator.Migrations.Select(m => m.Version));
    }

    [Theory]
    [InlineData("Host=h;Search Path=t_abc", "t_abc")]
    [InlineData("Host=h;Search Path=Tenant_A, public", "tenant_a")]
    [InlineData("Host=h;Search Path='\"Tenant A\",public'", "Tenant A")]
    [InlineData("Host=h;Search Path='\"$user\", public'", null)]
    [InlineData("Host=h", null)]
    public void Target_schema_is_the_first_search_path_entry_as_PostgreSQL_reads_it(string connectionString, string? expected)
    {
        Assert.Equal(expected, PostgresMigrator.TargetSchema(connectionString));
    }

    private static async Task<long> CountVersionsAsync(NpgsqlDataSource dataSource)
    {
        await using var cmd = dataSource.CreateCommand("SELECT count(*) FROM schema_version");
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
