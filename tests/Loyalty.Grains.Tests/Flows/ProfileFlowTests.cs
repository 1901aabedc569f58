using Loyalty.Domain;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Flows;
using Loyalty.Grains.Members;
using Loyalty.Grains.Tests.Support;
using static Loyalty.Grains.Tests.Flows.FlowCluster;

namespace Loyalty.Grains.Tests.Flows;

/// <summary>A phone change through the phone index: one member per number at every moment.</summary>
public sealed class ProfileFlowTests
{
    private static UpdateProfile NewPhone(string phone) => new(null, phone, null, null, null, null, null, Clerk);

    [Fact]
    public async Task A_new_number_moves_to_the_member_and_the_old_one_is_free_again()
    {
        await using var store = await StoreKind.CreateAsync(StoreKind.Memory);
        await using var cluster = await LedgeredCluster.StartAsync(store.Store);
        var member = await Register(cluster, "M1", "13900000001");
        var flow = new ProfileFlow(cluster.Client);

        var view = await flow.UpdateAsync(member, "13900000001", NewPhone("13900000002"));

        Assert.Equal("13900000002", view.Phone);
        Assert.Equal(member, (await Index(cluster, "13900000002").Owner(new GetMember())).MemberId);
        Assert.Null((await Index(cluster, "13900000001").Owner(new GetMember())).MemberId);
    }

    [Fact]
    public async Task Another_members_number_is_refused_and_nothing_changes()
    {
        await using var store = await StoreKind.CreateAsync(StoreKind.Memory);
        await using var cluster = await LedgeredCluster.StartAsync(store.Store);
        var member = await Register(cluster, "M1", "13900000001");
        var other = await Register(cluster, "M2", "13900000002");
        var flow = new ProfileFlow(cluster.Client);

        var refused = await Assert.ThrowsAsync<DomainException>(() => flow.UpdateAsync(member, "13900000001", NewPhone("13900000002")));

        Assert.Equal(ErrorCodes.PhoneTaken, refused.Code);
        Assert.Equal("13900000001", (await cluster.Grain<IMemberGrain>(member).Get(new GetMember()))!.Phone);
        Assert.Equal(member, (await Index(cluster, "13900000001").Owner(new GetMember())).MemberId);
        Assert.Equal(other, (await Index(cluster, "13900000002").Owner(new GetMember())).MemberId);
    }

    private static IPhoneIndexGrain Index(LedgeredCluster cluster, string phone) => cluster.Grain<IPhoneIndexGrain>(PhoneIndexGrain.KeyFor(phone));
}
