using Loyalty.Grains.Contracts;
using Loyalty.Grains.Flows;
using Loyalty.Grains.Members;
using Loyalty.Grains.Tests.Support;
using static Loyalty.Grains.Tests.Flows.FlowCluster;

namespace Loyalty.Grains.Tests.Flows;

/// <summary>The transfer flow on a real cluster: exact balances, repeats answered with the first answer, a half-done run completed.</summary>
public sealed class PointsTransferFlowTests
{
    [Theory]
    [MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
    public async Task A_transfer_moves_the_points_once_and_a_repeat_answers_the_first_answer(string kind)
    {
        await using var store = await StoreKind.CreateAsync(kind);
        await using var cluster = await LedgeredCluster.StartAsync(store.Store);
        var (giver, receiver) = (await Register(cluster, "M1", "13900000001"), await Register(cluster, "M2", "13900000002"));
        await Give(cluster, giver, 1000);
        var flow = new PointsTransferFlow(cluster.Client, cluster.Store);
        var transfer = new PointsTransfer("T1", "hash-1", giver, receiver, 300, Clerk);

        var first = await flow.TransferAsync(transfer);
        var repeat = await flow.TransferAsync(transfer);

        Assert.Null(first.RefusalCode);
        Assert.Equal((-300L, 700L), (first.Debit.PointsDelta, first.Debit.PointsBalance));
        Assert.Equal((300L, 0L, 300L), (first.Credit.PointsDelta, first.Credit.PendingDelta, first.Credit.PointsBalance));
        Assert.Equal(first, repeat);
        Assert.Equal(new PointsView(700, 0), await Points(cluster, giver));
        Assert.Equal(new PointsView(300, 0), await Points(cluster, receiver));
    }

    [Fact]
    public async Task A_retry_completes_a_transfer_whose_credit_never_happened()
    {
        await using var store = await StoreKind.CreateAsync(StoreKind.Memory);
        await using var cluster = await LedgeredCluster.StartAsync(store.Store);
        var (giver, receiver) = (await Register(cluster, "M1", "13900000001"), await Register(cluster, "M2", "13900000002"));
        await Give(cluster, giver, 1000);
        // The first run stopped after the giver's committed debit (the host died before the receiver's call).
        await cluster.Grain<IMemberGrain>(giver).TransferOut(new TransferOut("T1", "hash-1", receiver, 250, Clerk));

        var retried = await new PointsTransferFlow(cluster.Client, cluster.Store).TransferAsync(new PointsTransfer("T1", "hash-1", giver, receiver, 250, Clerk));

        Assert.Null(retried.RefusalCode);
        Assert.Equal((-250L, 750L, 250L), (retried.Debit.PointsDelta, retried.Debit.PointsBalance, retried.Credit.PointsDelta));
        Assert.Equal(new PointsView(750, 0), await Points(cluster, giver));
        Assert.Equal(new PointsView(250, 0), await Points(cluster, receiver));
    }

    [Fact]
    public async Task A_frozen_receiver_refuses_and_the_giver_gets_the_points_back_on_every_repeat()
    {
        await using var store = await StoreKind.CreateAsync(StoreKind.Memory);
        await using var cluster = await LedgeredCluster.StartAsync(store.Store);
        var (giver, receiver) = (await Register(cluster, "M1", "13900000001"), await Register(cluster, "M2", "13900000002"));
        await Give(cluster, giver, 1000);
        await cluster.Grain<IMemberGrain>(receiver).ChangeStatus(new ChangeMemberStatus(MemberStatus.Frozen, "lost phone", Admin));
        var flow = new PointsTransferFlow(cluster.Client, cluster.Store);
        var transfer = new PointsTransfer("T1", "hash-1", giver, receiver, 400, Clerk);

        var first = await flow.TransferAsync(transfer);
        // Unfrozen later: the recorded refusal still answers, so the points the giver got back are never credited too.
        await cluster.Grain<IMemberGrain>(receiver).ChangeStatus(new ChangeMemberStatus(MemberStatus.Active, "found", Admin));
        var repeat = await flow.TransferAsync(transfer);

        Assert.Equal(ErrorCodes.MemberFrozen, first.RefusalCode);
        Assert.Equal(first, repeat);
        Assert.Equal(new PointsView(1000, 0), await Points(cluster, giver));
        Assert.Equal(new PointsView(0, 0), await Points(cluster, receiver));
    }

    [Fact]
    public async Task The_same_transfer_id_with_another_body_is_an_idempotency_mismatch_and_changes_nothing()
    {
        await using var store = await StoreKind.CreateAsync(StoreKind.Memory);
        await using var cluster = await LedgeredCluster.StartAsync(store.Store);
        var (giver, receiver) = (await Register(cluster, "M1", "13900000001"), await Register(cluster, "M2", "13900000002"));
        await Give(cluster, giver, 1000);
        var flow = new PointsTransferFlow(cluster.Client, cluster.Store);
        await flow.TransferAsync(new PointsTransfer("T1", "hash-1", giver, receiver, 100, Clerk));

        var refused = await Assert.ThrowsAsync<Loyalty.Domain.DomainException>(
            () => flow.TransferAsync(new PointsTransfer("T1", "hash-2", giver, receiver, 200, Clerk)));

        Assert.Equal(ErrorCodes.IdempotencyMismatch, refused.Code);
        Assert.Equal(new PointsView(900, 0), await Points(cluster, giver));
        Assert.Equal(new PointsView(100, 0), await Points(cluster, receiver));
    }
}
