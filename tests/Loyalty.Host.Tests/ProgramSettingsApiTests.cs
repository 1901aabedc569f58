using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Loyalty.Grains.Program;
using Loyalty.Host.Tests.Support;
using Loyalty.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static Loyalty.Host.Tests.Support.Api;

namespace Loyalty.Host.Tests;

/// <summary>GET/PUT /api/v1/program on PostgreSQL: versioned, validated, in force for the next checkout, kept across restarts.</summary>
public sealed class ProgramSettingsApiTests : IAsyncLifetime
{
    private PostgresTestSchema _schema = null!;

    public async Task InitializeAsync() => _schema = await PostgresTestSchema.CreateMigratedAsync();

    public async Task DisposeAsync() => await _schema.DisposeAsync();

    internal static async Task<JsonObject> GetProgram(HttpClient client) =>
        await (await client.GetAsync("/api/v1/program")).Json(HttpStatusCode.OK);

    internal static Task<HttpResponseMessage> PutProgram(HttpClient client, JsonNode settings) =>
        client.PutAsync("/api/v1/program", new StringContent(settings.ToJsonString(), Encoding.UTF8, "application/json"));

    internal static Task<HttpResponseMessage> PutRaw(HttpClient client, string body) =>
        client.PutAsync("/api/v1/program", new StringContent(body, Encoding.UTF8, "application/json"));

    [Fact]
    public async Task The_default_program_reads_as_camelCase_json_with_enums_as_strings_and_the_new_settings()
    {
        using var app = new LoyaltyApp(_schema.ConnectionString);
        var program = await GetProgram(app.Manager);

        Assert.Equal(1, program["version"]!.GetValue<int>());
        Assert.Equal("rollingTwelveMonthSpend", program.Str("qualifyingMetric"));
        Assert.Equal("rolling", program.Str("expiryPolicy"));
        Assert.Equal("allowDebt", program.Str("refundPolicy"));
        Assert.Equal(0.05m, program["tiers"]![0]!.Dec("memberDiscountRate"));
        Assert.Empty(program["redemptionMonths"]!.AsArray());
        Assert.Equal(1_000, program.Long("manualAdjustmentLimit"));
        Assert.Equal(5_000, program.Long("largeBalanceChangePoints"));
        Assert.Null(program["welcomeCouponTemplateId"]);
        Assert.Null(program["birthdayCouponValidDays"]);
    }

    [Fact]
    public async Task A_put_makes_the_next_version_which_the_next_checkout_uses_and_a_restart_keeps()
    {
        string card;
        using (var app = new LoyaltyApp(_schema.ConnectionString))
        {
            (_, card) = await app.Clerk.MemberWithCard(birthday: "1990-01-01");
            var before = await app.Clerk.CheckoutOk(Basket("prog-before", card, Line("A", 1, 100m)));
            Assert.Equal(95.00m, before.Dec("amountDue"));
            Assert.Equal(1, before["programVersion"]!.GetValue<int>());

            var program = await GetProgram(app.Admin);
            program["tiers"]![0]!["memberDiscountRate"] = 0.08m;
            program["redemptionMonths"] = new JsonArray(3, 8);
            var updated = await (await PutProgram(app.Admin, program)).Json(HttpStatusCode.OK);
            Assert.Equal(2, updated["version"]!.GetValue<int>());
            Assert.Equal(0.08m, updated["tiers"]![0]!.Dec("memberDiscountRate"));

            // 100.00 − 8% = 92.00 paid, 92 points at 1×.
            var after = await app.Clerk.CheckoutOk(Basket("prog-after", card, Line("A", 1, 100m)));
            Assert.Equal(92.00m, after.Dec("amountDue"));
            Assert.Equal(92, after.Long("pointsEarned"));
            Assert.Equal(2, after["programVersion"]!.GetValue<int>());
        }

        using var restarted = new LoyaltyApp(_schema.ConnectionString);
        var reloaded = await GetProgram(restarted.Admin);
        Assert.Equal(2, reloaded["version"]!.GetValue<int>());
        Assert.Equal(0.08m, reloaded["tiers"]![0]!.Dec("memberDiscountRate"));
        Assert.Equal([3, 8], reloaded["redemptionMonths"]!.AsArray().Select(m => m!.GetValue<int>()));
        Assert.Equal(2, restarted.Services.GetRequiredService<IProgramProvider>().Current.Version);
        var third = await restarted.Clerk.CheckoutOk(Basket("prog-restarted", card, Line("A", 1, 100m)));
        Assert.Equal(92.00m, third.Dec("amountDue"));
        Assert.Equal(2, third["programVersion"]!.GetValue<int>());

        var history = (await (await restarted.Manager.GetAsync("/api/v1/program/history")).Content.ReadFromJsonAsync<JsonArray>())!;
        var change = Assert.Single(history);
        Assert.Equal(2, change!["version"]!.GetValue<int>());
        Assert.Equal("admin", change.Str("role"));
        Assert.Equal(LoyaltyApp.DefaultNow, change["at"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task Each_accepted_put_adds_one_to_the_version_and_identical_settings_change_nothing()
    {
        using var app = new LoyaltyApp(_schema.ConnectionString);
        var program = await GetProgram(app.Admin);
        program["checkInPoints"] = 7;
        Assert.Equal(2, (await (await PutProgram(app.Admin, program)).Json(HttpStatusCode.OK))["version"]!.GetValue<int>());
        program["checkInPoints"] = 8;
        program["version"] = 2;
        Assert.Equal(3, (await (await PutProgram(app.Admin, program)).Json(HttpStatusCode.OK))["version"]!.GetValue<int>());
        program["version"] = 3;
        Assert.Equal(3, (await (await PutProgram(app.Admin, program)).Json(HttpStatusCode.OK))["version"]!.GetValue<int>());
        // Fields left out keep the default program's values.
        var partial = await (await PutRaw(app.Admin, """{"version": 3, "checkInPoints": 9}""")).Json(HttpStatusCode.OK);
        Assert.Equal(4, partial["version"]!.GetValue<int>());
        Assert.Equal(10, partial.Long("reviewPoints"));
        Assert.Equal(5, partial["tiers"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_put_on_an_old_version_is_a_conflict_and_changes_nothing()
    {
        using var app = new LoyaltyApp(_schema.ConnectionString);
        var first = await GetProgram(app.Admin);
        var second = first.DeepClone().AsObject();
        first["checkInPoints"] = 6;
        await (await PutProgram(app.Admin, first)).Json(HttpStatusCode.OK);

        second["reviewPoints"] = 20; // still says version 1
        await (await PutProgram(app.Admin, second)).Problem(HttpStatusCode.Conflict, "conflict");

        var now = await GetProgram(app.Admin);
        Assert.Equal(2, now["version"]!.GetValue<int>());
        Assert.Equal(10, now.Long("reviewPoints"));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"checkInPoints": 9}""")]
    [InlineData("""{"version": null, "checkInPoints": 9}""")]
    public async Task A_put_without_the_version_is_refused_and_does_not_reset_the_program(string body)
    {
        using var app = new LoyaltyApp(_schema.ConnectionString);
        var program = await GetProgram(app.Admin);
        program["checkInPoints"] = 7;
        await (await PutProgram(app.Admin, program)).Json(HttpStatusCode.OK);

        var problem = await (await PutRaw(app.Admin, body)).Problem(HttpStatusCode.BadRequest, "validation");

        Assert.Contains("version", problem["errors"]!.AsObject().Select(e => e.Key));
        var now = await GetProgram(app.Admin);
        Assert.Equal(2, now["version"]!.GetValue<int>());
        Assert.Equal(7, now.Long("checkInPoints"));
    }

    [Fact]
    public async Task Only_admins_change_the_program_and_clerks_cannot_read_it()
    {
        using var app = new LoyaltyApp(_schema.ConnectionString);
        var program = await GetProgram(app.Manager);
        program["checkInPoints"] = 50;
        await (await PutProgram(app.Manager, program)).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await PutProgram(app.Clerk, program)).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await app.Clerk.GetAsync("/api/v1/program")).Problem(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(5, (await GetProgram(app.Admin)).Long("checkInPoints"));
    }
}
