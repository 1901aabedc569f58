using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Loyalty.Host.Tests.Support;
using static Loyalty.Host.Tests.Support.Api;

namespace Loyalty.Host.Tests;

/// <summary>Tier benefits with quotas (会员权益): free uses per period, a fee beyond, a birthday gift once a year, each use recorded once.</summary>
public sealed class BenefitTests : IDisposable
{
    private readonly LoyaltyApp _app = new();

    public void Dispose() => _app.Dispose();

    private Task Configure() => _app.ChangeProgram(new
    {
        benefits = new object[]
        {
            new { id = "delivery", name = "Free delivery", tiers = new[] { "regular", "silver" }, period = "month", freePerPeriod = 2, feeBeyond = 5m },
            new { id = "birthday-gift", name = "Birthday gift", tiers = new[] { "regular" }, period = "year", freePerPeriod = 1, birthdayMonthOnly = true },
            new { id = "alteration", name = "Free alteration", tiers = new[] { "gold" }, period = "month", freePerPeriod = 3 },
        },
    });

    private Task<HttpResponseMessage> Use(string memberId, string benefitId, string useId, HttpClient? client = null) =>
        (client ?? _app.Clerk).PostAsJsonAsync($"/api/v1/members/{memberId}/benefits/{benefitId}/uses", new { useId });

    private async Task<JsonObject> Benefit(string memberId, string benefitId) =>
        (await (await _app.Clerk.GetAsync($"/api/v1/members/{memberId}/benefits")).Json(HttpStatusCode.OK))["benefits"]!.AsArray()
        .Single(b => b!.Str("benefitId") == benefitId)!.AsObject();

    [Fact]
    public async Task Free_uses_run_out_then_the_fee_applies_a_repeat_answers_the_first_use_and_a_new_month_starts_again()
    {
        await Configure();
        // 2026-06-15 is in June, the member's birthday month.
        var memberId = (await _app.Clerk.RegisterMember(birthday: "1990-06-20")).Str("memberId");

        var first = await (await Use(memberId, "delivery", "d-1")).Json(HttpStatusCode.OK);
        Assert.True(first["free"]!.GetValue<bool>());
        Assert.Equal(0m, first.Dec("fee"));
        await (await Use(memberId, "delivery", "d-2")).Json(HttpStatusCode.OK);
        // Third delivery in June: beyond the 2 free ones, 5.00.
        var third = await (await Use(memberId, "delivery", "d-3")).Json(HttpStatusCode.OK);
        Assert.False(third["free"]!.GetValue<bool>());
        Assert.Equal(5.00m, third.Dec("fee"));
        // The same use id again is the same use: still 3 uses, same fee; for another benefit it is a mismatch.
        Assert.Equal(third.ToJsonString(), (await (await Use(memberId, "delivery", "d-3")).Json(HttpStatusCode.OK)).ToJsonString());
        await (await Use(memberId, "birthday-gift", "d-3")).Problem(HttpStatusCode.Conflict, "idempotency_mismatch");

        var delivery = await Benefit(memberId, "delivery");
        Assert.Equal(3, delivery.Long("used"));
        Assert.Equal(0, delivery.Long("freeLeft"));
        Assert.Equal("2026-06-01", delivery.Str("periodStart"));
        Assert.Equal("2026-06-30", delivery.Str("periodEnd"));
        Assert.True(delivery["availableNow"]!.GetValue<bool>());

        // Birthday gift: once in the birthday month, then refused (no fee beyond).
        await (await Use(memberId, "birthday-gift", "g-1")).Json(HttpStatusCode.OK);
        await (await Use(memberId, "birthday-gift", "g-2")).Problem(HttpStatusCode.Conflict, "benefit_exhausted");
        // A gold benefit is not the regular tier's; an unknown benefit is not found.
        await (await Use(memberId, "alteration", "a-1")).Problem(HttpStatusCode.Conflict, "benefit_not_available");
        await (await Use(memberId, "massage", "m-1")).Problem(HttpStatusCode.NotFound, "not_found");

        // Four uses recorded in the ledger (d-1, d-2, d-3, g-1), none of them moving points.
        var uses = (await _app.Admin.Ledger(memberId)).Where(e => e!.Str("kind") == "benefit").ToList();
        Assert.Equal(4, uses.Count);
        Assert.All(uses, e => Assert.Equal(0, e!.Long("pointsDelta")));

        // 1 July: a new month gives 2 free deliveries again; the birthday month is over.
        _app.Time.Advance(TimeSpan.FromDays(16));
        delivery = await Benefit(memberId, "delivery");
        Assert.Equal(0, delivery.Long("used"));
        Assert.Equal(2, delivery.Long("freeLeft"));
        Assert.True((await (await Use(memberId, "delivery", "d-4")).Json(HttpStatusCode.OK))["free"]!.GetValue<bool>());
        var gift = await Benefit(memberId, "birthday-gift");
        Assert.Equal(1, gift.Long("used"));
        Assert.False(gift["availableNow"]!.GetValue<bool>());
        await (await Use(memberId, "birthday-gift", "g-3")).Problem(HttpStatusCode.Conflict, "benefit_not_available");
    }

    [Fact]
    public async Task The_default_program_has_no_benefits_another_stores_clerk_is_refused_and_bad_settings_are_refused()
    {
        var memberId = (await _app.Clerk.RegisterMember(homeStoreId: "S001")).Str("memberId");
        var list = await (await _app.Clerk.GetAsync($"/api/v1/members/{memberId}/benefits")).Json(HttpStatusCode.OK);
        Assert.Empty(list["benefits"]!.AsArray());
        Assert.Equal("regular", list.Str("tier"));

        await Configure();
        await (await Use(memberId, "delivery", "x-1", _app.Client(Keys.ClerkS002))).Problem(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(0, (await Benefit(memberId, "delivery")).Long("used"));

        var current = (await _app.Admin.GetFromJsonAsync<JsonObject>("/api/v1/program"))!;
        var bad = await _app.Admin.PutAsJsonAsync("/api/v1/program", new
        {
            version = current["version"]!.GetValue<int>(),
            benefits = new[] { new { id = "delivery", name = "Free delivery", tiers = new[] { "bronze" }, period = "month", freePerPeriod = 2 } },
        });
        var problem = await bad.Problem(HttpStatusCode.BadRequest, "validation");
        Assert.Contains("benefits[0]", problem["errors"]!.AsObject().Select(e => e.Key));
    }
}
