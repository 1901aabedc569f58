using Loyalty.Grains.Contracts;
using Loyalty.Runtime;

namespace Loyalty.Grains.Households;

/// <summary>
/// A household (家庭主辅卡), couple (情侣卡) or corporate (单位) account: the single owner of the pooled points.
/// Member grains call it; it never calls them (call order Card → Member → Household).
/// </summary>
public interface IHouseholdGrain : IGrainWithStringKey
{
    Task<JoinResult> Join(JoinHousehold request);

    Task<LeaveResult> Leave(LeaveHousehold request);

    Task<PoolResult> Apply(PoolOperation request);

    /// <summary>The household, or null when none has this id.</summary>
    Task<HouseholdView?> Get(GetHousehold request);
}
