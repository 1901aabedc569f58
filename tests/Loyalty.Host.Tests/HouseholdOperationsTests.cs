using System.Net;
using System.Net.Http.Json;
using Loyalty.Host.Tests.Support;
using static Loyalty.Host.Tests.Support.Api;

namespace Loyalty.Host.Tests;

/// <summary>Non-checkout points operations of household members go through the pool.</summary>
public sealed class HouseholdOperationsTests : IDisposable
{
    private readonly LoyaltyApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Check_ins_and_received_transfers_go_to_the_pool_and_only_the_primary_transfers_out()
    {
        var clerk = _app.Clerk;
        var (primary, _) = await clerk.MemberWithCard(birthday: "1990-01-01");
        var (secondary, _) = await clerk.MemberWithCard(birthday: "1990-01-01");
        var (outsider, outsiderCard) = await clerk.MemberWithCard(birthday: "1990-01-01");
        var householdId = (await (await clerk.PostAsJsonAsync("/api/v1/households", new { primaryMemberId = primary })).Json(HttpStatusCode.Created)).Str("householdId");
        await (await clerk.PostAsJsonAsync($"/api/v1/households/{householdId}/members", new { memberId = secondary })).Json(HttpStatusCode.OK);
        await clerk.CheckoutOk(Basket("o-1", outsiderCard, Line("A", 1, 1_000m)));      // outsider: 950 points

        await (await clerk.PostAsJsonAsync($"/api/v1/members/{secondary}/check-ins", new { })).Json(HttpStatusCode.OK);          // +5
        await (await clerk.PostAsJsonAsync($"/api/v1/members/{outsider}/transfers", new { transferId = "t-in", toMemberId = secondary, points = 300 }))
            .Json(HttpStatusCode.OK);                                                                                                // +300
        var household = await (await clerk.GetAsync($"/api/v1/households/{householdId}")).Json(HttpStatusCode.OK);
        Assert.Equal(305, household["points"]!.Long("available"));
        Assert.Equal(0, (await clerk.Member(secondary)).Available());

        await (await clerk.PostAsJsonAsync($"/api/v1/members/{secondary}/transfers", new { transferId = "t-out-2", toMemberId = outsider, points = 100 }))
            .Problem(HttpStatusCode.Conflict, "household_limit");
        await (await clerk.PostAsJsonAsync($"/api/v1/members/{primary}/transfers", new { transferId = "t-out-1", toMemberId = outsider, points = 100 }))
            .Json(HttpStatusCode.OK);
        household = await (await clerk.GetAsync($"/api/v1/households/{householdId}")).Json(HttpStatusCode.OK);
        Assert.Equal(205, household["points"]!.Long("available"));
        Assert.Equal(950 - 300 + 100, (await clerk.Member(outsider)).Available());
    }
}
