using System.Text.Json;
using Loyalty.Grains.Cards;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Households;
using Loyalty.Grains.Members;
using Loyalty.Grains.Tests.Support;
using Loyalty.Grains.Tests.TestGrains;
using Loyalty.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Grains.Tests.Guarantees;

/// <summary>
/// The engine's own grains on a two-silo cluster: calls go Card → Member → Household only, and an operation that
/// spans grains is completed by a retry after a failure between its steps — never left half-done, never doubled.
/// </summary>
public sealed class MultiGrainTests
{
    private static readonly Actor Clerk = new("clerk", "S001", "test-clerk");

    [Fact]
    public async Task Grains_call_each_other_card_to_member_to_household_only()
    {
        var recorder = new CallRecorder();
        await using var store = await StoreKind.CreateAsync(StoreKind.Memory);
        await using var cluster = await LedgeredCluster.StartAsync(store.Store,
            services: s => s.AddSingleton<IOutgoingGrainCallFilter>(recorder));
        var (a, b) = (await Register(cluster, "M1", "13900000001"), await Register(cluster, "M2", "13900000002"));
        var card = cluster.Grain<ICardGrain>("C1");
        await card.Issue(new IssueCard(a, CardTypes.StoredValue, Clerk));
        await card.TopUp(new TopUpCard("t1", 500m, "S001", Clerk));
        await card.Checkout(Basket("co-1", 100m) with { StoredValueAmount = 50m });
        await cluster.Grain<IMemberGrain>(a).JoinHousehold(new JoinHouseholdRequest("H1", HouseholdRoles.Primary, true, null,
            HouseholdKinds.Family, null, Clerk));
        await cluster.Grain<IMemberGrain>(b).JoinHousehold(new JoinHouseholdRequest("H1", HouseholdRoles.Secondary, true, null,
            HouseholdKinds.Family, null, Clerk));
        await cluster.Grain<IMemberGrain>(b).Checkout(Basket("co-2", 200m));
        await card.Checkout(Basket("co-3", 80m) with { RedeemPoints = 100 });
        await cluster.Grain<IMemberGrain>(b).LeaveHousehold(new LeaveHouseholdRequest("H1", false, Clerk));

        Assert.NotEmpty(recorder.Calls);
        var allowed = new HashSet<(string, string)>
        {
            (StateTypes.Card, StateTypes.Member),
            (StateTypes.Member, StateTypes.Household),
            (StateTypes.Member, StateTypes.PromotionBudget),
        };
        Assert.All(recorder.Calls.Keys, call => Assert.Contains(call, allowed));
        Assert.Contains((StateTypes.Card, StateTypes.Member), recorder.Calls.Keys);
        Assert.Contains((StateTypes.Member, StateTypes.Household), recorder.Calls.Keys);
    }

    [Theory]
    [MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
    public async Task A_household_checkout_whose_member_commit_failed_is_completed_once_by_its_retry(string kind)
    {
        await using var store = await StoreKind.CreateAsync(kind);
        var gated = new GatedStorage(store.Store);
        await using var cluster = await LedgeredCluster.StartAsync(gated);
        var (a, b) = (await Register(cluster, "M1", "13900000001"), await Register(cluster, "M2", "13900000002"));
        await cluster.Grain<IMemberGrain>(a).JoinHousehold(new JoinHouseholdRequest("H1", HouseholdRoles.Primary, true, null,
            HouseholdKinds.Family, null, Clerk));
        await cluster.Grain<IMemberGrain>(b).JoinHousehold(new JoinHouseholdRequest("H1", HouseholdRoles.Secondary, true, null,
            HouseholdKinds.Family, null, Clerk));

        // The pool books the points, then the member's own write fails (as if its silo died between the two).
        gated.RefuseType = StateTypes.Member;
        await Assert.ThrowsAsync<GrainConflictException>(() => cluster.Grain<IMemberGrain>(b).Checkout(Basket("co-1", 100m)));
        gated.RefuseType = null;
        var afterFailure = await cluster.Grain<IHouseholdGrain>("H1").Get(new GetHousehold());
        // Regular tier: 100 less 5% = 95 paid, 95 points — already in the pool.
        Assert.Equal(95, afterFailure!.Points.Available);

        var receipt = await cluster.Grain<IMemberGrain>(b).Checkout(Basket("co-1", 100m));

        Assert.Equal(95, receipt.PointsEarned);
        Assert.Equal(95, receipt.PointsBalance);
        var household = await cluster.Grain<IHouseholdGrain>("H1").Get(new GetHousehold());
        Assert.Equal(95, household!.Points.Available);
        Assert.Equal(95m, (await cluster.Grain<IMemberGrain>(b).Get(new GetMember()))!.QualifyingSpend);
        Assert.Single(await store.Store.ReadLedgerAsync(LedgerAccounts.Household("H1"), 10), e => e.Row.OperationId == "co-1");
        // A further repeat answers the same receipt and changes nothing.
        var repeat = await cluster.Grain<IMemberGrain>(b).Checkout(Basket("co-1", 100m));
        Assert.Equal(JsonSerializer.Serialize(receipt, GrainJson.Default.Receipt), JsonSerializer.Serialize(repeat, GrainJson.Default.Receipt));
        Assert.Equal(95, (await cluster.Grain<IHouseholdGrain>("H1").Get(new GetHousehold()))!.Points.Available);
    }

    [Theory]
    [MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
    public async Task A_card_checkout_whose_charge_failed_is_charged_once_by_its_retry(string kind)
    {
        await using var store = await StoreKind.CreateAsync(kind);
        var gated = new GatedStorage(store.Store);
        await using var cluster = await LedgeredCluster.StartAsync(gated);
        var a = await Register(cluster, "M1", "13900000001");
        var card = cluster.Grain<ICardGrain>("C1");
        await card.Issue(new IssueCard(a, CardTypes.StoredValue, Clerk));
        await card.TopUp(new TopUpCard("t1", 300m, "S001", Clerk));

        // The member records the checkout, then the card's charge fails to commit.
        gated.RefuseType = StateTypes.Card;
        await Assert.ThrowsAsync<GrainConflictException>(() => card.Checkout(Basket("co-1", 100m) with { StoredValueAmount = 95m }));
        gated.RefuseType = null;
        Assert.Equal(300m, (await card.Get(new GetCard()))!.StoredValue.Paid);

        var receipt = await card.Checkout(Basket("co-1", 100m) with { StoredValueAmount = 95m });

        Assert.Equal(95m, receipt.StoredValueCharged);
        Assert.Equal(205m, receipt.StoredValueBalance);
        Assert.Equal(205m, (await card.Get(new GetCard()))!.StoredValue.Paid);
        Assert.Equal(95, (await cluster.Grain<IMemberGrain>(a).Get(new GetMember()))!.Points.Available);
        var again = await card.Checkout(Basket("co-1", 100m) with { StoredValueAmount = 95m });
        Assert.Equal(205m, again.StoredValueBalance);
        Assert.Equal(205m, (await card.Get(new GetCard()))!.StoredValue.Paid);
    }

    private static async Task<string> Register(LedgeredCluster cluster, string memberId, string phone)
    {
        await cluster.Grain<IPhoneIndexGrain>(PhoneIndexGrain.KeyFor(phone)).Claim(new ClaimPhone(memberId));
        await cluster.Grain<IMemberGrain>(memberId).Register(new RegisterMember(memberId, "Test " + memberId, phone, null, null, "S001", null, Clerk));
        return memberId;
    }

    private static MemberCheckout Basket(string checkoutId, decimal amount) =>
        new(checkoutId, "hash-" + checkoutId, "S001", null, [new CheckoutLineRequest("SKU", "grocery", 1, amount, false)], 0, null, 0m, false);
}
