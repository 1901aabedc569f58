using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Loyalty.Grains.Program;
using Loyalty.Host.Tests.Support;
using Loyalty.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static Loyalty.Host.Tests.CatalogApiTests;
using static Loyalty.Host.Tests.ProgramSettingsApiTests;

namespace Loyalty.Host.Tests;

/// <summary>
/// One host on PostgreSQL for requests that must be refused: program settings, promotions, coupon templates and gift
/// requests with bad fields. Every test asserts that nothing changed (program version 1, no promotion, no template,
/// the one gift with stock 5), so they share the host — a wrongly accepted request fails its own test and the next.
/// </summary>
public sealed class RefusedProgramDataHost : IAsyncLifetime
{
    private PostgresTestSchema _schema = null!;

    public LoyaltyApp App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _schema = await PostgresTestSchema.CreateMigratedAsync();
        App = new LoyaltyApp(_schema.ConnectionString);
        await (await App.Admin.PostAsJsonAsync("/api/v1/catalog", new { catalogItemId = "known", name = "Known", pointsPrice = 10, stock = 5 }))
            .Json(HttpStatusCode.Created);
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await _schema.DisposeAsync();
    }
}

public sealed class RefusedProgramDataTests(RefusedProgramDataHost host) : IClassFixture<RefusedProgramDataHost>
{
    public static TheoryData<object, string> BadPromotions => new()
    {
        { Promotion("bad-window", startsAt: "2026-06-16T00:00:00Z", endsAt: "2026-06-15T00:00:00Z"), "endsAt" },
        { Promotion("bad-one", multiplier: 1m), "pointsMultiplier" },
        { Promotion("bad-eleven", multiplier: 11m), "pointsMultiplier" },
        { Promotion("bad id!"), "promotionId" },
        { Promotion("bad-budget", budget: 0), "pointsBudget" },
        { Promotion("bad-stores", storeIds: []), "storeIds" },
        { Promotion("bad-cat", categories: [" "]), "categories[0]" },
        { new { promotionId = "no-dates", name = "x", pointsMultiplier = 2 }, "startsAt" },
    };

    [Theory]
    [MemberData(nameof(BadPromotions))]
    public async Task Bad_promotions_are_400_validation_and_nothing_is_stored(object body, string field)
    {
        var app = host.App;
        var problem = await (await app.Admin.PostAsJsonAsync("/api/v1/promotions", body)).Problem(HttpStatusCode.BadRequest, "validation");
        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), problem.ToJsonString());
        Assert.Empty((await (await app.Admin.GetAsync("/api/v1/promotions")).Content.ReadFromJsonAsync<JsonArray>())!);
        await (await app.Manager.PostAsJsonAsync("/api/v1/promotions", Promotion("mgr"))).Problem(HttpStatusCode.Forbidden, "forbidden");
    }


    public static TheoryData<object, string> BadTemplates => new()
    {
        { new { templateId = "t1", name = "x", kind = "free", validDays = 3 }, "kind" },
        { new { templateId = "t2", name = "x", kind = "amountOff", validDays = 3 }, "amount" },
        { new { templateId = "t3", name = "x", kind = "amountOff", amount = -5m, validDays = 3 }, "amount" },
        { new { templateId = "t4", name = "x", kind = "percentOff", percent = 100m, validDays = 3 }, "percent" },
        { new { templateId = "t5", name = "x", kind = "percentOff", percent = 10m, amount = 5m, validDays = 3 }, "amount" },
        { new { templateId = "t6", name = "x", kind = "amountOff", amount = 5m }, "validTo" },
        { new { templateId = "t7", name = "x", kind = "amountOff", amount = 5m, validFrom = "2026-08-01T00:00:00Z", validTo = "2026-07-01T00:00:00Z" }, "validTo" },
        { new { templateId = "t8", name = "x", kind = "amountOff", amount = 5m, validDays = 3, tiers = new[] { "bronze" } }, "tiers[0]" },
        { new { templateId = "t9", name = "x", kind = "amountOff", amount = 5m, validDays = 0 }, "validDays" },
    };

    [Theory]
    [MemberData(nameof(BadTemplates))]
    public async Task Bad_coupon_templates_are_400_validation_and_nothing_is_stored(object body, string field)
    {
        var app = host.App;
        var problem = await (await app.Admin.PostAsJsonAsync("/api/v1/coupon-templates", body)).Problem(HttpStatusCode.BadRequest, "validation");
        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), problem.ToJsonString());
        Assert.Empty(app.Services.GetRequiredService<ICouponTemplates>().All);
        Assert.Empty((await (await app.Admin.GetAsync("/api/v1/coupon-templates")).Content.ReadFromJsonAsync<JsonArray>())!);
    }


    public static TheoryData<string, object, string> BadGiftRequests => new()
    {
        { "/api/v1/catalog", new { catalogItemId = "g1", name = "x", pointsPrice = 0, stock = 1 }, "pointsPrice" },
        { "/api/v1/catalog", new { catalogItemId = "g2", name = "x", pointsPrice = 10, stock = -1 }, "stock" },
        { "/api/v1/catalog", new { catalogItemId = "g 3", name = "x", pointsPrice = 10, stock = 1 }, "catalogItemId" },
        { "/api/v1/catalog", new { catalogItemId = "g4", pointsPrice = 10, stock = 1 }, "name" },
        { "/api/v1/catalog/known/stock", new { adjustmentId = "a1", delta = 0 }, "delta" },
        { "/api/v1/catalog/known/stock", new { delta = 3 }, "adjustmentId" },
    };

    [Theory]
    [MemberData(nameof(BadGiftRequests))]
    public async Task Bad_gift_requests_are_400_validation_and_change_nothing(string path, object body, string field)
    {
        var app = host.App;
        var problem = await (await app.Admin.PostAsJsonAsync(path, body)).Problem(HttpStatusCode.BadRequest, "validation");
        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), problem.ToJsonString());
        var list = (await (await app.Clerk.GetAsync("/api/v1/catalog")).Content.ReadFromJsonAsync<JsonArray>())!;
        Assert.Equal(5, Assert.Single(list)!.Long("stock"));
        await (await app.Admin.PostAsJsonAsync("/api/v1/catalog/unknown/stock", new { adjustmentId = "a", delta = 1 })).Problem(HttpStatusCode.NotFound, "not_found");
        await (await app.Manager.PostAsJsonAsync("/api/v1/catalog", new { catalogItemId = "m", name = "M", pointsPrice = 1, stock = 1 }))
            .Problem(HttpStatusCode.Forbidden, "forbidden");
    }

    public static TheoryData<string, string, string> BadSettings => new()
    {
        { "tiers", """[{"id":"regular","chineseName":"普通","qualifyingSpend":0,"memberDiscountRate":0.05,"pointsMultiplier":1,"birthdayDiscountRate":0.1},{"id":"silver","chineseName":"银","qualifyingSpend":0,"memberDiscountRate":0.1,"pointsMultiplier":1.5,"birthdayDiscountRate":0.15}]""", "tiers[1].qualifyingSpend" },
        { "maxRedemptionShare", "1.5", "maxRedemptionShare" },
        { "pointsPerYuan", "-1", "pointsPerYuan" },
        { "redemptionMonths", "[0, 13]", "redemptionMonths" },
        { "manualAdjustmentLimit", "-5", "manualAdjustmentLimit" },
        { "largeBalanceChangePoints", "0", "largeBalanceChangePoints" },
        { "birthdayCouponValidDays", "0", "birthdayCouponValidDays" },
        { "expiryPolicy", "\"sometimes\"", "expiryPolicy" },
        { "timeZone", "\"Mars/Olympus\"", "timeZone" },
        { "birthdayCoupons", """{"bronze": 10}""", "birthdayCoupons.bronze" },
        { "tiers", """[null]""", "tiers[0]" },
        { "depositTiers", """[null]""", "depositTiers[0]" },
        { "balanceTiers", """[null]""", "balanceTiers[0]" },
        { "benefits", """[null]""", "benefits[0]" },
        { "cardTypesNeedingApproval", """[null]""", "cardTypesNeedingApproval[0]" },
        { "noSuchSetting", "1", "noSuchSetting" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task Bad_settings_are_400_validation_per_field_and_change_nothing(string field, string json, string errorField)
    {
        var app = host.App;
        var program = await GetProgram(app.Admin);
        program[field] = JsonNode.Parse(json);

        var problem = await (await PutProgram(app.Admin, program)).Problem(HttpStatusCode.BadRequest, "validation");

        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.Any(e => e.Key.Contains(errorField, StringComparison.Ordinal)), $"errors: {errors.ToJsonString()}");
        Assert.Equal(1, (await GetProgram(app.Admin))["version"]!.GetValue<int>());
    }


    [Fact]
    public async Task Numbers_sent_as_text_are_refused_naming_the_field()
    {
        var app = host.App;
        var program = await GetProgram(app.Admin);
        program["checkInPoints"] = "9";

        var problem = await (await PutProgram(app.Admin, program)).Problem(HttpStatusCode.BadRequest, "validation");

        Assert.Equal(["Must be a JSON number (not text)."], problem["errors"]!["checkInPoints"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.DoesNotContain("System.", problem.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(1, (await GetProgram(app.Admin))["version"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("")]
    [InlineData("[1,2]")]
    [InlineData("{\"version\": \"two\"}")]
    [InlineData("{not json")]
    public async Task Unreadable_bodies_are_400_validation(string body)
    {
        var app = host.App;
        await (await PutRaw(app.Admin, body)).Problem(HttpStatusCode.BadRequest, "validation");
        Assert.Equal(1, (await GetProgram(app.Admin))["version"]!.GetValue<int>());
    }
}
