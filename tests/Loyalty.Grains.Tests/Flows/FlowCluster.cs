using Loyalty.Grains.Contracts;
using Loyalty.Grains.Members;
using Loyalty.Grains.Tests.Support;

namespace Loyalty.Grains.Tests.Flows;

/// <summary>Members and points for the flow tests, made through the grains the way the edge makes them.</summary>
internal static class FlowCluster
{
    public static readonly Actor Clerk = new("clerk", "S001", "test-clerk");
    public static readonly Actor Admin = new("admin", null, "test-admin");

    public static async Task<string> Register(LedgeredCluster cluster, string memberId, string phone)
    {
        await cluster.Grain<IPhoneIndexGrain>(PhoneIndexGrain.KeyFor(phone)).Claim(new ClaimPhone(memberId));
        await cluster.Grain<IMemberGrain>(memberId).Register(new RegisterMember(memberId, "Test " + memberId, phone, null, null, "S001", null, Clerk));
        return memberId;
    }

    public static Task Give(LedgeredCluster cluster, string memberId, long points) =>
        cluster.Grain<IMemberGrain>(memberId).AdjustPoints(new AdjustPoints("seed-" + memberId, "seed", points, "opening balance", Admin));

    public static async Task<PointsView> Points(LedgeredCluster cluster, string memberId) =>
        (await cluster.Grain<IMemberGrain>(memberId).Get(new GetMember()))!.Points;
}
