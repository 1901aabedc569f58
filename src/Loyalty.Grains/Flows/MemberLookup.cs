using Loyalty.Grains.Contracts;
using Loyalty.Grains.Members;

namespace Loyalty.Grains.Flows;

/// <summary>Finding a member by phone plus name (两项以上信息): the phone index names the member, the name must match.</summary>
public static class MemberLookup
{
    public static async Task<MemberView?> FindByPhoneAndName(IGrainFactory grains, string phone, string name)
    {
        var owner = await grains.GetGrain<IPhoneIndexGrain>(PhoneIndexGrain.KeyFor(phone)).Owner(new GetMember());
        if (owner.MemberId is null)
        {
            return null;
        }
        var member = await grains.GetGrain<IMemberGrain>(owner.MemberId).Get(new GetMember());
        return member is not null && string.Equals(member.Name.Trim(), name.Trim(), StringComparison.OrdinalIgnoreCase) ? member : null;
    }
}
