using Npgsql;

namespace Loyalty.Tests.Support;

/// <summary>xUnit class fixture: one migrated throw-away schema per test class, dropped after the class.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresTestSchema? _schema;

    public PostgresTestSchema Schema => _schema ?? throw new InvalidOperationException("Fixture not initialized.");

    public NpgsqlDataSource DataSource => Schema.DataSource;

    public async Task InitializeAsync() => _schema = await PostgresTestSchema.CreateMigratedAsync();

    public async Task DisposeAsync()
    {
        if (_schema is not null)
        {
            await _schema.DisposeAsync();
        }
    }
}
