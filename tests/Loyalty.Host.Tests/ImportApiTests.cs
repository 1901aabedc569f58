using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Loyalty.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Loyalty.Host.Tests;

/// <summary>The host on a fresh PostgreSQL schema, for the import tests only (its own factory, on purpose).</summary>
public sealed class ImportHostFixture : IAsyncLifetime
{
    private PostgresTestSchema? _schema;

    public WebApplicationFactory<Program> Factory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _schema = PostgresTestSchema.Create();
        var connectionString = _schema.ConnectionString;
        Factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("ConnectionStrings:Loyalty", connectionString);
            // Side by side with other test classes' hosts: free silo port, no gateway.
            web.UseSetting("Loyalty:Cluster:SiloPort", "0");
            web.UseSetting("Loyalty:Cluster:GatewayPort", "0");
            // Small batches so the 1,000-row file crosses batch boundaries (duplicates across batches too).
            web.UseSetting("Loyalty:Import:BatchSize", "300");
        });
        using var client = Factory.CreateClient();
        (await client.GetAsync("/health/ready")).EnsureSuccessStatusCode();
    }

    public HttpClient Client(string key = "dev-admin")
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        if (_schema is not null)
        {
            await _schema.DisposeAsync();
        }
    }
}

public sealed class ImportApiTests(ImportHostFixture host) : IClassFixture<ImportHostFixture>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed record Row(string? rowId, string? name, string? phone, string? cardNumber, string? cardType, long? openingPoints, decimal? openingSpend, string? birthday = null);

    private sealed record Result(string? RowId, string Status, string? MemberId, string? Error, long Line);

    private sealed record Totals(long Rows, long Imported, long Exists, long Errors);

    private sealed record Response(List<Result> Results, Totals Totals);

    private sealed record Points(long Available, long Pending);

    private sealed record Member(string MemberId, string Name, string Phone, string Status, string Tier, Points Points, List<string> Cards);

    private sealed record LedgerEntry(string OperationId, string Kind, long PointsDelta, long PointsAfter);

    private sealed record Ledger(List<LedgerEntry> Entries);

    private sealed record Card(string CardNumber, string MemberId, string Type, string Status);

    /// <summary>1,000 lines: good rows with a few bad ones at known lines. Phones are unique per prefix.</summary>
    private static (string Body, Dictionary<int, string> BadLines) ThousandRows(string prefix)
    {
        var bad = new Dictionary<int, string>
        {
            [10] = "name", [20] = "phone", [30] = "phone", [40] = "json", [50] = "cardType", [60] = "rowId",
            [700] = "phone", [800] = "cardNumber",
        };
        var lines = new StringBuilder();
        for (var i = 1; i <= 1000; i++)
        {
            var row = new Row($"{prefix}-{i}", $"Member {i}", Phone(prefix, i), $"{prefix}C{i:D6}", "standard", i, i * 2.5m);
            row = i switch
            {
                10 => row with { name = "  " },
                20 => row with { phone = "12" },
                30 => row with { phone = Phone(prefix, 5) },     // same batch as row 5
                50 => row with { cardType = "gold" },
                60 => row with { rowId = null },
                700 => row with { phone = Phone(prefix, 7) },    // a later batch than row 7
                800 => row with { cardNumber = $"{prefix}C{8:D6}" }, // card of row 8, a later batch
                _ => row,
            };
            lines.Append(i == 40 ? "{not json" : JsonSerializer.Serialize(row, Json)).Append('\n');
        }
        return (lines.ToString(), bad);
    }

    private static string Phone(string prefix, int i) => $"1{Math.Abs(prefix.GetHashCode()) % 1000:D3}{i:D7}";

    private async Task<Response> Import(string body, string contentType = "application/x-ndjson", string key = "dev-admin")
    {
        using var client = host.Client(key);
        using var content = new StringContent(body, Encoding.UTF8, contentType);
        using var answer = await client.PostAsync("/api/v1/members/import", content);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        return (await answer.Content.ReadFromJsonAsync<Response>(Json))!;
    }

    [Fact]
    public async Task Import_reports_each_row_and_resending_changes_nothing()
    {
        var (body, bad) = ThousandRows("a");
        var first = await Import(body);

        Assert.Equal(new Totals(1000, 992, 0, 8), first.Totals);
        Assert.Equal(Enumerable.Range(1, 1000).Select(i => (long)i), first.Results.Select(r => r.Line));
        foreach (var result in first.Results)
        {
            if (bad.TryGetValue((int)result.Line, out var field))
            {
                Assert.Equal("error", result.Status);
                Assert.NotNull(result.Error);
                if (field != "json")
                {
                    Assert.StartsWith(field, result.Error);
                }
            }
            else
            {
                Assert.Equal("imported", result.Status);
                Assert.Equal($"a-{result.Line}", result.RowId);
                Assert.NotNull(result.MemberId);
                Assert.Null(result.Error);
            }
        }
        // Row 800's card number is row 8's: an error, and its phone (claimed first) is free again.
        Assert.Equal("error", first.Results[799].Status);

        using var client = host.Client();
        var m3 = await client.GetFromJsonAsync<Member>($"/api/v1/members/{first.Results[2].MemberId}", Json);
        Assert.Equal(new Points(3, 0), m3!.Points);
        Assert.Equal("Member 3", m3.Name);
        Assert.Equal("active", m3.Status);
        Assert.Equal(["aC000003"], m3.Cards);
        var card = await client.GetFromJsonAsync<Card>("/api/v1/cards/aC000003", Json);
        Assert.Equal(m3.MemberId, card!.MemberId);
        var ledger = await client.GetFromJsonAsync<Ledger>($"/api/v1/members/{m3.MemberId}/ledger", Json);
        var import = Assert.Single(ledger!.Entries);
        Assert.Equal(("import", 3L, 3L), (import.Kind, import.PointsDelta, import.PointsAfter));

        var second = await Import(body);
        Assert.Equal(new Totals(1000, 0, 992, 8), second.Totals);
        Assert.Equal(first.Results.Select(r => (r.Line, r.Status == "imported" ? "exists" : r.Status, r.MemberId, r.Error)),
            second.Results.Select(r => (r.Line, r.Status, r.MemberId, r.Error)));
        var again = await client.GetFromJsonAsync<Member>($"/api/v1/members/{m3.MemberId}", Json);
        Assert.Equal(m3.Points, again!.Points);
        Assert.Single((await client.GetFromJsonAsync<Ledger>($"/api/v1/members/{m3.MemberId}/ledger", Json))!.Entries);
    }

    [Fact]
    public async Task Imported_member_checks_out_with_the_opening_points()
    {
        var row = new Row("c-1", "Checkout Person", "15500001111", "c-card-1", null, 500, 0m);
        var result = Assert.Single((await Import(JsonSerializer.Serialize(row, Json) + "\n")).Results);
        Assert.Equal("imported", result.Status);

        using var client = host.Client();
        using var checkout = await client.PostAsJsonAsync("/api/v1/checkouts", new
        {
            checkoutId = "c-co-1", storeId = "S001", cardNumber = "c-card-1", redeemPoints = 100,
            lines = new[] { new { sku = "A1", category = "grocery", quantity = 1, unitPrice = 50m } },
        }, Json);
        Assert.Equal(HttpStatusCode.OK, checkout.StatusCode);
        var member = await client.GetFromJsonAsync<Member>($"/api/v1/members/{result.MemberId}", Json);
        var ledger = await client.GetFromJsonAsync<Ledger>($"/api/v1/members/{result.MemberId}/ledger", Json);
        Assert.Equal(member!.Points.Available, ledger!.Entries.Sum(e => e.PointsDelta));
        Assert.Equal(member.Points.Available, ledger.Entries[0].PointsAfter);
    }

    [Fact]
    public async Task Csv_with_a_header_row_imports_and_streams_ndjson_when_asked()
    {
        const string csv = """
            name,phone,rowId,openingPoints,cardNumber,birthday
            "Smith, Ann",15600001111,csv-1,7,csv-card-1,1990-02-03
            Bob,15600002222,csv-2,,,
            Carl,not-a-phone,csv-3,1,,
            """;
        using var client = host.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/members/import")
        {
            Content = new StringContent(csv, Encoding.UTF8, "text/csv"),
        };
        request.Headers.Accept.ParseAdd("application/x-ndjson");
        using var answer = await client.SendAsync(request);
        Assert.Equal("application/x-ndjson", answer.Content.Headers.ContentType?.MediaType);
        var lines = (await answer.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        var results = lines[..3].Select(l => JsonSerializer.Deserialize<Result>(l, Json)!).OrderBy(r => r.Line).ToList();
        Assert.Equal(["imported", "imported", "error"], results.Select(r => r.Status));
        Assert.Contains("\"imported\":2", lines[3]);

        var ann = await client.GetFromJsonAsync<Member>($"/api/v1/members/{results[0].MemberId}", Json);
        Assert.Equal(("Smith, Ann", 7L), (ann!.Name, ann.Points.Available));
    }

    [Fact]
    public async Task Imported_phones_are_taken_and_released_phones_are_free()
    {
        var rows = new[]
        {
            new Row("p-1", "First", "15700001111", "p-card-1", null, 0, 0m),
            new Row("p-2", "Second", "15700002222", "p-card-1", null, 0, 0m), // card clash: phone given back
        };
        var results = (await Import(string.Join("\n", rows.Select(r => JsonSerializer.Serialize(r, Json))))).Results;
        Assert.Equal(["imported", "error"], results.Select(r => r.Status));

        using var client = host.Client();
        using var taken = await client.PostAsJsonAsync("/api/v1/members", new { name = "Other", phone = "15700001111", homeStoreId = "S001" }, Json);
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        using var free = await client.PostAsJsonAsync("/api/v1/members", new { name = "Second", phone = "15700002222", homeStoreId = "S001" }, Json);
        Assert.Equal(HttpStatusCode.Created, free.StatusCode);
    }

    [Fact]
    public async Task Only_admins_import()
    {
        using var client = host.Client("dev-manager-S001");
        using var answer = await client.PostAsync("/api/v1/members/import", new StringContent("", Encoding.UTF8, "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
    }
}
