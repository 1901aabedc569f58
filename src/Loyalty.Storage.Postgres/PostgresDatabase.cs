using Npgsql;

namespace Loyalty.Storage.Postgres;

/// <summary>
/// Makes sure the configured database exists before anything else connects: creates it when missing (the user needs
/// the CREATEDB right), and turns the usual start-up failures into one sentence an operator can act on.
/// </summary>
public static class PostgresDatabase
{
    /// <summary>True when this call created the database.</summary>
    /// <exception cref="PostgresUnavailableException">The server cannot be reached, refuses the login, or the database cannot be created.</exception>
    public static async Task<bool> EnsureExistsAsync(string connectionString, CancellationToken ct = default)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var where = $"PostgreSQL at {target.Host}:{target.Port} (database '{target.Database}', user '{target.Username}')";
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(ct);
            return false;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            // Missing database: create it from the maintenance database below.
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            throw new PostgresUnavailableException(Explain(where, e), e);
        }

        var maintenance = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        try
        {
            await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
            await connection.OpenAsync(ct);
            // The name comes from configuration, not from users; identifiers cannot be parameters.
            await using var create = new NpgsqlCommand($"CREATE DATABASE {PostgresMigrator.QuoteIdentifier(target.Database!)}", connection);
            await create.ExecuteNonQueryAsync(ct);
            return true;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            return false; // another silo created it a moment ago
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            throw new PostgresUnavailableException(
                $"{where}: the database does not exist and could not be created ({Reason(e)}). Create it with " +
                $"`createdb -h {target.Host} -p {target.Port} -U {target.Username} {target.Database}` or give the user the CREATEDB right.", e);
        }
    }

    private static string Explain(string where, Exception e) => e switch
    {
        PostgresException { SqlState: PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification } =>
            $"{where} refused the login: check Username and Password in ConnectionStrings:Loyalty.",
        _ => $"{where} cannot be reached ({Reason(e)}): is the server running, and are Host and Port in ConnectionStrings:Loyalty right?",
    };

    private static string Reason(Exception e) => e is PostgresException p ? $"{p.SqlState}: {p.MessageText}" : e.GetBaseException().Message;
}

/// <summary>The database cannot be used; the message says why in words an operator can act on.</summary>
public sealed class PostgresUnavailableException(string message, Exception inner) : Exception(message, inner);
