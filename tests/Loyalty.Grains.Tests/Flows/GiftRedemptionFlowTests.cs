using Loyalty.Domain;
using Loyalty.Grains.Catalog;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Flows;
using Loyalty.Grains.Program;
using Loyalty.Grains.Tests.Support;
using static Loyalty.Grains.Tests.Flows.FlowCluster;

namespace Loyalty.Grains.Tests.Flows;

/// <summary>The redemption flow on a real cluster: points and stock move together, or the points come back.</summary>
public sealed class GiftRedemptionFlowTests
{
    [Theory]
    [MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
    public async Task A_redemption_debits_the_points_and_takes_the_stock_once_and_a_repeat_answers_the_first_answer(string kind)
    {
        await using var store = await StoreKind.CreateAsync(kind);
        await using var cluster = await LedgeredCluster.StartAsync(store.Store);
        var member = await Register(cluster, "M1", "13900000001");
        await Give(cluster, member, 1000);
        var gift = await cluster.Grain<IGiftGrain>("G1").Define(new DefineGift("Umbrella", 120, 5, Admin));
        var flow = Flow(cluster);
        var redemption = new GiftRedemption("R1", "hash-1", member, gift, 3, Clerk);

        var first = await flow.RedeemAsync(redemption);
        var repeat = await flow.RedeemAsync(redemption);

        Assert.Null(first.RefusalCode);
        Assert.Equal((-360L, 640L), (first.Debit.PointsDelta, first.Debit.PointsBalance));
        Assert.Equal(first, repeat);
        Assert.Equal(new PointsView(640, 0), await Points(cluster, member));
        Assert.Equal(2, (await flow.FindGiftAsync("G1"))!.Stock);
    }

    [Fact]
    public async Task Stock_refused_gives_the_points_back_and_a_retry_after_a_restock_is_still_refused()
    {
        await using var store = await StoreKind.CreateAsync(StoreKind.Memory);
        await using var cluster = await LedgeredCluster.StartAsync(store.Store);
        var member = await Register(cluster, "M1", "13900000001");
        await Give(cluster, member, 1000);
        var gift = await cluster.Grain<IGiftGrain>("G1").Define(new DefineGift("Umbrella", 120, 2, Admin));
        var flow = Flow(cluster);
        var redemption = new GiftRedemption("R1", "hash-1", member, gift, 3, Clerk);

        var first = await flow.RedeemAsync(redemption);
        await cluster.Grain<IGiftGrain>("G1").AdjustStock(new AdjustGiftStock("restock-1", 10, Admin));
        var retried = await flow.RedeemAsync(redemption);

        Assert.Equal(ErrorCodes.OutOfStock, first.RefusalCode);
        Assert.Equal(first, retried);
        Assert.Equal((-360L, 640L), (first.Debit.PointsDelta, first.Debit.PointsBalance));
        Assert.Equal(new PointsView(1000, 0), await Points(cluster, member));
        Assert.Equal(12, (await flow.FindGiftAsync("G1"))!.Stock);
    }

    [Fact]
    public async Task Too_few_points_refuse_before_any_stock_is_taken()
    {
        await using var store = await StoreKind.CreateAsync(StoreKind.Memory);
        await using var cluster = await LedgeredCluster.StartAsync(store.Store);
        var member = await Register(cluster, "M1", "13900000001");
        await Give(cluster, member, 100);
        var gift = await cluster.Grain<IGiftGrain>("G1").Define(new DefineGift("Umbrella", 120, 5, Admin));

        var refused = await Assert.ThrowsAsync<DomainException>(() => Flow(cluster).RedeemAsync(new GiftRedemption("R1", "hash-1", member, gift, 1, Clerk)));

        Assert.Equal(ErrorCodes.InsufficientPoints, refused.Code);
        Assert.Equal(new PointsView(100, 0), await Points(cluster, member));
        Assert.Equal(5, (await Flow(cluster).FindGiftAsync("G1"))!.Stock);
    }

    private static GiftRedemptionFlow Flow(LedgeredCluster cluster) => new(cluster.Client, cluster.Store,
        new ProgramProvider(ProgramSettings.Default), new CouponTemplates(), TimeProvider.System);
}
