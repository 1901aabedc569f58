using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Loyalty.Host.Tests.Support;

/// <summary>
/// The real host in memory (TestServer) with a controlled clock. Without a connection string it runs on
/// in-memory storage; with one, on PostgreSQL (a test schema). No demo data, so tests start empty.
/// </summary>
public sealed class LoyaltyApp(string? connectionString = null, FakeTimeProvider? time = null,
    IReadOnlyDictionary<string, string?>? settings = null, string environment = "Testing") : WebApplicationFactory<Program>
{
    /// <summary>10:00 in Shanghai on 2026-06-15 unless a test says otherwise.</summary>
    public static readonly DateTimeOffset DefaultNow = DateTimeOffset.Parse("2026-06-15T02:00:00Z");

    public FakeTimeProvider Time { get; } = time ?? new FakeTimeProvider(DefaultNow);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // "Testing" lists the development keys and stores explicitly (appsettings.Testing.json).
        builder.UseEnvironment(environment);
        builder.UseSetting("Loyalty:DemoData", "false");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
        if (connectionString is not null)
        {
            builder.UseSetting("ConnectionStrings:Loyalty", connectionString);
        }
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
        });
    }

    public HttpClient Client(string apiKey)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    public HttpClient Admin => Client(Keys.Admin);

    /// <summary>
    /// Changes program settings as an admin would (PUT /api/v1/program with the version in force; omitted settings keep
    /// their defaults).
    /// </summary>
    public async Task ChangeProgram(object settings)
    {
        var current = (await Admin.GetFromJsonAsync<JsonObject>("/api/v1/program"))!;
        var body = JsonSerializer.SerializeToNode(settings, JsonSerializerOptions.Web)!.AsObject();
        body["version"] = current["version"]!.GetValue<int>();
        var response = await Admin.PutAsJsonAsync("/api/v1/program", body);
        response.EnsureSuccessStatusCode();
    }

    public HttpClient Clerk => Client(Keys.Clerk);

    public HttpClient Manager => Client(Keys.Manager);
}

public static class Keys
{
    public const string Admin = "dev-admin";
    public const string Manager = "dev-manager-S001";
    public const string Clerk = "dev-clerk-S001";
    public const string ClerkS002 = "dev-clerk-S002";
    public const string ManagerS002 = "dev-manager-S002";
}
