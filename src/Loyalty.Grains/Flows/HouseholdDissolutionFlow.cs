using Loyalty.Grains.Contracts;
using Loyalty.Grains.Households;
using Loyalty.Grains.Members;

namespace Loyalty.Grains.Flows;

/// <summary>
/// Dissolving a household: every secondary leaves with their share, then the primary takes the rest. The members drive
/// it because the call order is Member → Household (the household never calls its members); each leave is idempotent,
/// so dissolving again finishes an interrupted dissolution.
/// </summary>
public sealed class HouseholdDissolutionFlow(IGrainFactory grains)
{
    public async Task<HouseholdView> DissolveAsync(HouseholdView household, Actor by)
    {
        foreach (var member in household.Members.Where(m => m.Role == HouseholdRoles.Secondary))
        {
            await grains.GetGrain<IMemberGrain>(member.MemberId).LeaveHousehold(new LeaveHouseholdRequest(household.HouseholdId, false, by));
        }
        await grains.GetGrain<IMemberGrain>(household.PrimaryMemberId).LeaveHousehold(new LeaveHouseholdRequest(household.HouseholdId, true, by));
        return (await grains.GetGrain<IHouseholdGrain>(household.HouseholdId).Get(new GetHousehold()))!;
    }
}
