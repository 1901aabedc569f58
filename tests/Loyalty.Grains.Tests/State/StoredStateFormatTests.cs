using System.Text.Json;
using System.Text.Json.Nodes;

namespace Loyalty.Grains.Tests.State;

/// <summary>
/// Databases hold member and household states as JSON written before the rules moved into domain objects; those states
/// must load into the wallet, tier status and coupon purse, and be written back under the same names.
/// </summary>
public sealed class StoredStateFormatTests
{
    // A member state as the grain wrote it before the domain objects (flat points, lots, tier and coupons).
    private const string OldMemberJson = """
        {"memberId":"m-1","name":"Li Lei","phone":"13800001111","birthday":"1990-07-19","gender":null,"homeStoreId":"S001",
         "referrerMemberId":null,"joinedAt":"2024-05-01T02:00:00+00:00","status":"active",
         "statusHistory":[{"status":"active","reason":"registered","by":"dev-admin","at":"2024-05-01T02:00:00+00:00"}],
         "tier":"silver","tierSince":"2024-11-02","points":170,"pendingPoints":40,
         "lots":[{"earnedOn":"2024-06-01","expiresOn":"2025-06-01","remaining":120,"earnedBy":null},
                 {"earnedOn":"2024-11-02","expiresOn":"2025-11-02","remaining":50,"earnedBy":null}],
         "pendingLots":[{"earnedOn":"2025-01-10","releaseOn":"2025-01-17","points":40,"operationId":"c-9","earnedBy":null}],
         "pointsDebt":15,
         "coupons":[{"code":"WELCOME-m-1","templateId":"welcome","name":"Welcome","kind":"amountOff","amount":10,"percent":0,
                     "minSpend":50,"validFrom":"2024-05-01","validTo":"2024-05-31","source":"welcome","usedByCheckoutId":"c-1"}],
         "refunded":[],"earnedToday":{"day":"2025-01-10","amount":90},"transferredToday":{"day":"2025-01-09","amount":100},
         "lastCheckIn":"2025-01-10","corporate":false,"validUntil":null,"mergedInto":null,"manualTier":true,
         "birthdayCouponYear":2024,"jobs":{"due":{"expiry":"2025-05-31T16:00:00+00:00"},"birthdayGreetedYear":2024,"remindedThrough":null},
         "spend":{"days":{"2024-11-02":1200.50},"archivedTotal":0},"lifetimePointsEarned":1500,"cards":["C001"],
         "householdId":null,"householdKind":null,"householdContractRate":null,"householdJoins":0,"recent":[],
         "referralCredited":false,"mergedFrom":[]}
        """;

    private const string OldHouseholdJson = """
        {"householdId":"h-1","kind":"family","primaryMemberId":"m-1","contractDiscountRate":null,
         "members":[{"memberId":"m-1","role":"primary","canSpend":true,"dailySpendLimit":null,"earned":300,"spent":100,
                     "spentToday":{"day":"2025-01-10","amount":100},"joinedAt":"2024-12-01T02:00:00+00:00",
                     "joinOperationId":"join:m-1:1","broughtPoints":200,"broughtPending":0}],
         "available":200,"pending":25,"debt":5,
         "lots":[{"earnedOn":"2024-12-01","expiresOn":"2025-12-01","remaining":200,"earnedBy":"m-1"}],
         "pendingLots":[{"earnedOn":"2025-01-10","releaseOn":"2025-01-17","points":25,"operationId":"c-7","earnedBy":"m-2"}],
         "recent":[{"operationId":"c-7","earned":25,"toPending":25}],
         "departures":[{"operationId":"leave:m-3:1","memberId":"m-3","lots":[{"earnedOn":"2024-12-05","expiresOn":"2025-12-05","remaining":30,"earnedBy":"m-3"}],"pending":[]}],
         "dissolved":false,"createdAt":"2024-12-01T02:00:00+00:00"}
        """;

    [Fact]
    public void An_old_member_state_loads_into_the_domain_objects()
    {
        var state = JsonSerializer.Deserialize(OldMemberJson, GrainJson.Default.MemberState)!;

        Assert.Equal((170L, 40L, 15L), (state.Wallet.Available, state.Wallet.Pending, state.Wallet.Debt));
        Assert.Equal([(new DateOnly(2025, 6, 1), 120L), (new DateOnly(2025, 11, 2), 50L)],
            state.Wallet.Lots.Select(l => (l.ExpiresOn!.Value, l.Remaining)));
        Assert.Equal(("c-9", new DateOnly(2025, 1, 17)), (state.Wallet.PendingLots[0].OperationId, state.Wallet.PendingLots[0].ReleaseOn));
        Assert.Equal(("silver", new DateOnly(2024, 11, 2), true), (state.TierStatus.Tier, state.TierStatus.Since, state.TierStatus.Manual));
        var coupon = Assert.Single(state.CouponPurse.Coupons);
        Assert.Equal(("WELCOME-m-1", 10m, "c-1"), (coupon.Code, coupon.Amount, coupon.UsedByCheckoutId));
        Assert.Equal(90, state.EarnedToday.On(new DateOnly(2025, 1, 10)));
        Assert.Equal(1200.50m, state.Spend.Lifetime);
        Assert.Equal(new DateOnly(2025, 6, 1), state.Wallet.NextExpiry());
    }

    [Fact]
    public void An_old_household_state_loads_into_the_wallet()
    {
        var state = JsonSerializer.Deserialize(OldHouseholdJson, GrainJson.Default.HouseholdState)!;

        Assert.Equal((200L, 25L, 5L), (state.Wallet.Available, state.Wallet.Pending, state.Wallet.Debt));
        Assert.Equal("m-1", Assert.Single(state.Wallet.Lots).EarnedBy);
        Assert.Equal("m-2", Assert.Single(state.Wallet.PendingLots).EarnedBy);
        Assert.Equal(100, state.Members[0].SpentToday.On(new DateOnly(2025, 1, 10)));
        Assert.Equal(30, Assert.Single(state.Departures[0].Lots).Remaining);
        Assert.Equal(25, state.Recent[0].ToPending);
    }

    [Fact]
    public void States_are_written_back_under_the_names_they_were_read_with()
    {
        var member = JsonSerializer.Deserialize(OldMemberJson, GrainJson.Default.MemberState)!;
        var household = JsonSerializer.Deserialize(OldHouseholdJson, GrainJson.Default.HouseholdState)!;

        var memberJson = JsonNode.Parse(JsonSerializer.Serialize(member, GrainJson.Default.MemberState))!.AsObject();
        var householdJson = JsonNode.Parse(JsonSerializer.Serialize(household, GrainJson.Default.HouseholdState))!.AsObject();

        // Same keys as the old document, nothing added (the domain objects are not stored under names of their own).
        Assert.Equal(JsonNode.Parse(OldMemberJson)!.AsObject().Select(p => p.Key), memberJson.Select(p => p.Key));
        Assert.Equal(JsonNode.Parse(OldHouseholdJson)!.AsObject().Select(p => p.Key), householdJson.Select(p => p.Key));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(OldMemberJson)!["lots"], memberJson["lots"]));
        Assert.Equal(15, memberJson["pointsDebt"]!.GetValue<long>());
        Assert.Equal("silver", memberJson["tier"]!.GetValue<string>());
        Assert.Equal(5, householdJson["debt"]!.GetValue<long>());
    }
}
