using Loyalty.Domain;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Flows;
using Loyalty.Grains.Program;
using Loyalty.Grains.Tests.Support;
using static Loyalty.Grains.Tests.Flows.FlowCluster;

namespace Loyalty.Grains.Tests.Flows;

/// <summary>The checkout flow's own decisions: automatic joining, and a repeat answered by the first receipt.</summary>
public sealed class CheckoutFlowTests
{
    [Fact]
    public async Task An_unknown_buyer_over_the_threshold_joins_once_and_the_repeat_answers_the_first_receipt()
    {
        await using var store = await StoreKind.CreateAsync(StoreKind.Memory);
        await using var cluster = await LedgeredCluster.StartAsync(store.Store);
        var flow = new CheckoutFlow(cluster.Client, cluster.Store, new ProgramProvider(ProgramSettings.Default with { AutoJoinThreshold = 100m }));
        var target = new CheckoutTarget(null, null, "13900000009", "Wang Fang");

        var first = await flow.CheckoutAsync(target, Basket("co-1", 150m), Clerk);
        var repeat = await flow.CheckoutAsync(target, Basket("co-1", 150m), Clerk);

        var receipt = Assert.IsType<Receipt>(first.Receipt);
        Assert.Null(first.RefusalCode);
        Assert.Equal((receipt.CheckoutId, receipt.MemberId, receipt.AmountDue, receipt.PointsBalance, receipt.At),
            (repeat.Receipt!.CheckoutId, repeat.Receipt.MemberId, repeat.Receipt.AmountDue, repeat.Receipt.PointsBalance, repeat.Receipt.At));
        var joined = await MemberLookup.FindByPhoneAndName(cluster.Client, "13900000009", "wang fang");
        Assert.Equal(receipt.MemberId, joined!.MemberId);
        Assert.Equal((150m, 142.50m, 142L), (receipt.Subtotal, joined.QualifyingSpend, joined.Points.Available));
    }

    [Fact]
    public async Task An_unknown_buyer_under_the_threshold_is_not_found_and_nothing_is_registered()
    {
        await using var store = await StoreKind.CreateAsync(StoreKind.Memory);
        await using var cluster = await LedgeredCluster.StartAsync(store.Store);
        var flow = new CheckoutFlow(cluster.Client, cluster.Store, new ProgramProvider(ProgramSettings.Default with { AutoJoinThreshold = 100m }));

        var outcome = await flow.CheckoutAsync(new CheckoutTarget(null, null, "13900000009", "Wang Fang"), Basket("co-1", 99.99m), Clerk);

        Assert.Equal(new CheckoutOutcome(null, null), outcome);
        Assert.Null(await MemberLookup.FindByPhoneAndName(cluster.Client, "13900000009", "Wang Fang"));
    }

    [Fact]
    public async Task A_checkout_id_taken_by_another_member_answers_the_stored_receipt_and_changes_nothing_on_that_member()
    {
        await using var store = await StoreKind.CreateAsync(StoreKind.Memory);
        await using var cluster = await LedgeredCluster.StartAsync(store.Store);
        var (first, second) = (await Register(cluster, "M1", "13900000001"), await Register(cluster, "M2", "13900000002"));
        var flow = new CheckoutFlow(cluster.Client, cluster.Store, new ProgramProvider(ProgramSettings.Default));
        var original = await flow.CheckoutAsync(new CheckoutTarget(null, first, null, null), Basket("co-1", 100m), Clerk);

        // The id is global: the second member's commit trips the stored receipt, which answers by its request hash.
        var same = await flow.CheckoutAsync(new CheckoutTarget(null, second, null, null), Basket("co-1", 100m), Clerk);

        Assert.Equal((first, original.Receipt!.AmountDue, original.Receipt.At), (same.Receipt!.MemberId, same.Receipt.AmountDue, same.Receipt.At));
        Assert.Equal(0m, (await cluster.Grain<Loyalty.Grains.Members.IMemberGrain>(second).Get(new GetMember()))!.QualifyingSpend);
    }

    private static MemberCheckout Basket(string checkoutId, decimal amount) =>
        new(checkoutId, "hash-" + checkoutId, "S001", null, [new CheckoutLineRequest("SKU", "grocery", 1, amount, false)], 0, null, 0m, false);
}
