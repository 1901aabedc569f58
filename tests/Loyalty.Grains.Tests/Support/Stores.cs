using Loyalty.Persistence.Storage;
using Loyalty.Storage.Postgres;
using Loyalty.Tests.Support;

namespace Loyalty.Grains.Tests.Support;

/// <summary>The two ledger stores every guarantee is tested on: in memory, and PostgreSQL in a throw-away schema.</summary>
public sealed class StoreKind : IAsyncDisposable
{
    private PostgresTestSchema? _schema;

    public const string Memory = "memory";
    public const string Postgres = "postgres";

    public static TheoryData<string> Both => [Memory, Postgres];

    public ILedgerStore Store { get; private set; } = null!;

    public static async Task<StoreKind> CreateAsync(string kind)
    {
        var created = new StoreKind();
        if (kind == Postgres)
        {
            created._schema = await PostgresTestSchema.CreateMigratedAsync();
            created.Store = new PostgresLedgerStore(created._schema.DataSource);
        }
        else
        {
            created.Store = new InMemoryLedgerStore();
        }
        return created;
    }

    public async ValueTask DisposeAsync()
    {
        if (_schema is not null)
        {
            await _schema.DisposeAsync();
        }
    }
}
