using Loyalty.Grains.Contracts;

namespace Loyalty.Grains.Households;

/// <summary>
/// A household (家庭主辅卡), couple (情侣卡) or corporate (单位) account: the single owner of the pooled points.
/// Member grains call it; it never calls them (call order Card → Member → Household).
/// </summary>
[Alias("Loyalty.IHouseholdGrain")]
public interface IHouseholdGrain : IGrainWithStringKey
{
    [Alias("Join")]
    Task<JoinResult> Join(JoinHousehold request);

    [Alias("Leave")]
    Task<LeaveResult> Leave(LeaveHousehold request);

    [Alias("Apply")]
    Task<PoolResult> Apply(PoolOperation request);

    /// <summary>The household, or null when none has this id.</summary>
    [Alias("Get")]
    Task<HouseholdView?> Get(GetHousehold request);
}
