using System.Net;
using Loyalty.Host.Infrastructure;
using Loyalty.Host.Tests.Support;
using Loyalty.Storage.Postgres;
using Loyalty.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Loyalty.Host.Tests;

/// <summary>
/// What must hold before the host starts (issue 14, items 3 and 13): no development keys outside Development, every
/// key with a known role and store, and the PostgreSQL database created when missing or refused in one sentence.
/// </summary>
public sealed class StartupTests
{
    private static readonly Dictionary<string, string?> ProductionKeys = new()
    {
        ["Loyalty:Stores:0"] = "S001",
        ["Loyalty:ApiKeys:prod-admin-7f3a:Role"] = "admin",
        ["Loyalty:ApiKeys:prod-clerk-91c2:Role"] = "clerk",
        ["Loyalty:ApiKeys:prod-clerk-91c2:Store"] = "S001",
    };

    [Fact]
    public void Production_without_keys_does_not_start()
    {
        using var app = new LoyaltyApp(environment: "Production");

        var refused = Assert.Throws<InvalidOperationException>(() => app.CreateClient());

        Assert.Contains("entry point exited", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Loyalty:ApiKeys", StartupChecks.Refusal(Configuration(), new Environment("Production")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_with_configured_keys_refuses_the_development_keys()
    {
        using var app = new LoyaltyApp(environment: "Production", settings: ProductionKeys);

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client("dev-admin").GetAsync("/api/v1/program")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client("prod-admin-7f3a").GetAsync("/api/v1/program")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client("prod-clerk-91c2").GetAsync("/api/v1/members/M1")).StatusCode);
    }

    [Fact]
    public void Development_without_keys_may_use_the_development_keys()
    {
        Assert.Null(StartupChecks.Refusal(Configuration(), new Environment("Development")));
    }

    [Theory]
    [InlineData("cashier", "S001", "role 'cashier'")]
    [InlineData("clerk", "S999", "store 'S999'")]
    [InlineData("manager", null, "store ''")]
    public void A_key_with_an_unknown_role_or_store_is_refused(string role, string? store, string expected)
    {
        var configuration = Configuration(new()
        {
            ["Loyalty:Stores:0"] = "S001",
            ["Loyalty:ApiKeys:k1:Role"] = role,
            ["Loyalty:ApiKeys:k1:Store"] = store,
        });

        Assert.Contains(expected, StartupChecks.Refusal(configuration, new Environment("Production")), StringComparison.Ordinal);
    }

    [Fact]
    public void Stores_are_required_outside_Development()
    {
        var configuration = Configuration(new() { ["Loyalty:ApiKeys:k1:Role"] = "admin" });

        Assert.Contains("Loyalty:Stores", StartupChecks.Refusal(configuration, new Environment("Staging")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_database_is_created_and_then_found()
    {
        var name = "loyalty_created_" + Guid.NewGuid().ToString("N")[..12];
        var connectionString = new NpgsqlConnectionStringBuilder(PostgresTestSchema.BaseConnectionString) { Database = name, Pooling = false }.ConnectionString;
        try
        {
            Assert.True(await PostgresDatabase.EnsureExistsAsync(connectionString));
            Assert.False(await PostgresDatabase.EnsureExistsAsync(connectionString));
        }
        finally
        {
            await using var admin = new NpgsqlConnection(PostgresTestSchema.BaseConnectionString);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task A_wrong_password_or_port_is_one_clear_sentence()
    {
        var wrongPassword = new NpgsqlConnectionStringBuilder(PostgresTestSchema.BaseConnectionString) { Password = "not-the-password", Pooling = false };
        var login = await Assert.ThrowsAsync<PostgresUnavailableException>(() => PostgresDatabase.EnsureExistsAsync(wrongPassword.ConnectionString));
        Assert.Contains("refused the login", login.Message, StringComparison.Ordinal);

        var wrongPort = new NpgsqlConnectionStringBuilder(PostgresTestSchema.BaseConnectionString) { Port = 1, Pooling = false, Timeout = 3 };
        var unreachable = await Assert.ThrowsAsync<PostgresUnavailableException>(() => PostgresDatabase.EnsureExistsAsync(wrongPort.ConnectionString));
        Assert.Contains("cannot be reached", unreachable.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", unreachable.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(Dictionary<string, string?>? values = null) =>
        new ConfigurationBuilder().AddInMemoryCollection(values ?? []).Build();

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "Loyalty.Host";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
