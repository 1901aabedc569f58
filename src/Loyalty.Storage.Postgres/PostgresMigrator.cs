using System.Reflection;
using Npgsql;

namespace Loyalty.Storage.Postgres;

/// <summary>
/// Applies the embedded <c>Migrations/NNNN_name.sql</c> files that the database has not seen yet, in order,
/// recording each in <c>schema_version</c>. Safe to run at every start-up and from several processes at once.
/// </summary>
public sealed class PostgresMigrator(NpgsqlDataSource dataSource)
{
    // Advisory lock namespace ("LOYA"); the second key is the schema, so tests migrating different
    // schemas in parallel do not queue behind each other.
    private const int LockNamespace = 0x4C4F5941;

    /// <summary>The migrations shipped with this assembly, ordered by version.</summary>
    public static IReadOnlyList<Migration> Migrations { get; } = LoadMigrations();

    /// <summary>Brings the schema up to date; returns the versions applied by this call (empty when up to date).</summary>
    public async Task<IReadOnlyList<int>> MigrateAsync(CancellationToken ct = default)
    {
        var schema = TargetSchema(dataSource.ConnectionString);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);

        // One transaction under a transaction-scoped advisory lock: a second process starting at the same
        // moment waits here, then sees the versions the first one recorded. DDL is transactional in
        // PostgreSQL, so a failed migration leaves nothing behind.
        await ExecuteAsync(connection, "SELECT pg_advisory_xact_lock($1, hashtext($2))", ct, LockNamespace, schema ?? "");
        if (schema is not null)
        {
            // The schema name comes from configuration, not from users; identifiers cannot be parameters.
            await ExecuteAsync(connection, $"CREATE SCHEMA IF NOT EXISTS {QuoteIdentifier(schema)}", ct);
        }
        await ExecuteAsync(connection, """
            CREATE TABLE IF NOT EXISTS schema_version (
                version    integer     PRIMARY KEY,
                name       text        NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now())
            """, ct);

        var applied = new HashSet<int>();
        await using (var cmd = new NpgsqlCommand("SELECT version FROM schema_version", connection))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                applied.Add(reader.GetInt32(0));
            }
        }

        var done = new List<int>();
        foreach (var migration in Migrations.Where(m => !applied.Contains(m.Version)))
        {
            await ExecuteAsync(connection, migration.Sql, ct);
            await ExecuteAsync(connection, "INSERT INTO schema_version (version, name) VALUES ($1, $2)", ct, migration.Version, migration.Name);
            done.Add(migration.Version);
        }
        await tx.CommitAsync(ct);
        return done;
    }

    /// <summary>The first schema of the connection's search path (where unqualified tables land), or null for the server default.</summary>
    public static string? TargetSchema(string connectionString)
    {
        var searchPath = new NpgsqlConnectionStringBuilder(connectionString).SearchPath;
        var first = searchPath?.Split(',')[0].Trim();
        if (string.IsNullOrEmpty(first) || first == "\"$user\"" || first == "$user")
        {
            return null;
        }
        // PostgreSQL folds unquoted search_path entries to lower case and keeps quoted ones verbatim.
        return first.StartsWith('"') && first.EndsWith('"') && first.Length >= 2
            ? first[1..^1].Replace("\"\"", "\"")
            : first.ToLowerInvariant();
    }

    internal static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct, params object[] args)
    {
        await using var cmd = new NpgsqlCommand(sql, connection);
        foreach (var arg in args)
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = arg });
        }
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static List<Migration> LoadMigrations()
    {
        var assembly = typeof(PostgresMigrator).Assembly;
        const string marker = ".Migrations.";
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.Contains(marker) && n.EndsWith(".sql")))
        {
            var fileName = resource[(resource.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..^".sql".Length];
            var digits = new string(fileName.TakeWhile(char.IsAsciiDigit).ToArray());
            if (digits.Length == 0)
            {
                throw new InvalidOperationException($"Migration {resource} must start with its version number (0001_name.sql).");
            }
            migrations.Add(new Migration(int.Parse(digits), fileName, Read(assembly, resource)));
        }
        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two migrations share version {duplicate.Key}.");
        }
        return migrations.OrderBy(m => m.Version).ToList();
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

/// <summary>One versioned schema change, as embedded in the assembly.</summary>
public sealed record Migration(int Version, string Name, string Sql);
