using Loyalty.Domain;
using Loyalty.Grains.Program;
using Loyalty.Host.Auth;
using Loyalty.Host.Cluster;
using Loyalty.Host.Demo;
using Loyalty.Persistence.Storage;
using Loyalty.Storage.Postgres;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Loyalty.Host.Infrastructure;

/// <summary>Composition of the engine: storage, grain runtime, program, auth, errors, OpenAPI, health.</summary>
public static class EngineServiceExtensions
{
    public static WebApplicationBuilder AddLoyaltyEngine(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var connectionString = builder.Configuration.GetConnectionString("Loyalty");

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new ProgramProvider(ProgramSettings.Default));
        services.AddSingleton<IProgramProvider>(sp => sp.GetRequiredService<ProgramProvider>());

        if (string.IsNullOrWhiteSpace(connectionString))
        {
            services.AddSingleton<InMemoryLedgerStore>();
            services.AddSingleton<ILedgerStore>(sp => sp.GetRequiredService<InMemoryLedgerStore>());
            services.AddSingleton<INotificationOutbox>(sp =>
                new InMemoryNotificationOutbox(sp.GetRequiredService<InMemoryLedgerStore>(), Grains.Documents.Outbox));
        }
        else
        {
            // One pool per process, kept well under PostgreSQL's default 100 connections so several silos fit.
            var pgBuilder = new NpgsqlConnectionStringBuilder(connectionString);
            if (!pgBuilder.ContainsKey("Maximum Pool Size"))
            {
                pgBuilder.MaxPoolSize = 32;
            }
            services.AddSingleton(_ => new NpgsqlDataSourceBuilder(pgBuilder.ConnectionString).Build());
            services.AddSingleton<ILedgerStore>(sp => new PostgresLedgerStore(sp.GetRequiredService<NpgsqlDataSource>()));
            services.AddSingleton<INotificationOutbox>(sp =>
                new PostgresNotificationOutbox(sp.GetRequiredService<NpgsqlDataSource>(), Grains.Documents.Outbox));
            // Before the silo starts: its membership, reminders and storage live in tables the migrations create.
            services.AddHostedService<MigrationRunner>();
        }
        builder.AddLoyaltySilo();
        builder.AddLoyaltyCluster();
        if (string.IsNullOrWhiteSpace(connectionString) && builder.Configuration.GetValue("Loyalty:DemoData", true))
        {
            // After the silo: hosted services start in registration order.
            services.AddHostedService<DemoDataSeeder>();
        }
        services.AddHostedService<StartupBanner>();
        services.AddLoyaltyJobs();

        // Only the Development environment falls back to the well-known keys; elsewhere StartupChecks refused to start
        // without configured keys before we got here.
        var development = builder.Environment.IsDevelopment();
        services.AddOptions<ApiKeyOptions>().BindConfiguration("Loyalty").PostConfigure(options =>
        {
            if (options.ApiKeys.Count == 0 && development)
            {
                foreach (var (key, entry) in ApiKeyOptions.Development)
                {
                    options.ApiKeys[key] = entry;
                }
            }
        });
        services.AddOptions<StoreOptions>().BindConfiguration("Loyalty").PostConfigure(options =>
        {
            if (options.Stores.Count == 0 && development)
            {
                options.Stores.AddRange(StoreOptions.Development);
            }
        });
        services.AddSingleton(sp => new StoreDirectory(sp.GetRequiredService<IOptions<StoreOptions>>().Value.Stores));
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorization();

        // Every error answer carries a stable code, including those the framework writes itself
        // (unreadable JSON body → 400, no key → 401, wrong role → 403, unknown route → 404).
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            if (!problem.Extensions.ContainsKey("code"))
            {
                problem.Extensions["code"] = problem.Status switch
                {
                    400 => Grains.ErrorCodes.Validation,
                    401 => "unauthorized",
                    403 => "forbidden",
                    404 => Grains.ErrorCodes.NotFound,
                    _ => "error",
                };
                if (problem.Status == 400 && problem.Detail is null)
                {
                    problem.Detail = "The request body is missing or is not valid JSON for this endpoint.";
                }
            }
        });
        services.AddExceptionHandler<DomainExceptionHandler>();
        services.ConfigureHttpJsonOptions(options => JsonErrors.Configure(options.SerializerOptions));
        // Binding failures (unreadable JSON, an unknown field, no body) reach DomainExceptionHandler in every environment,
        // so the answer names the field instead of being a bare 400.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddOpenApi(ErrorDocs.Document);
        services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage", tags: ["ready"]);
        return builder;
    }
}

/// <summary>Ready means the storage answers.</summary>
public sealed class StorageHealthCheck(ILedgerStore storage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await storage.PingAsync(cancellationToken) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("storage does not answer");
}

/// <summary>Applies the versioned SQL migrations before the host starts serving.</summary>
public sealed class MigrationRunner(NpgsqlDataSource dataSource) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => new PostgresMigrator(dataSource).MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
