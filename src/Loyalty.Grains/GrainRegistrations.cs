using Loyalty.Grains.Cards;
using Loyalty.Grains.Members;
using Loyalty.Runtime;

namespace Loyalty.Grains;

/// <summary>The engine's grain types and the names their state is stored under.</summary>
public static class GrainRegistrations
{
    public static readonly IReadOnlyList<GrainRegistration> All =
    [
        new(typeof(IMemberGrain), typeof(MemberGrain), "member"),
        new(typeof(ICardGrain), typeof(CardGrain), "card"),
        new(typeof(IPhoneIndexGrain), typeof(PhoneIndexGrain), "phone"),
        new(typeof(Households.IHouseholdGrain), typeof(Households.HouseholdGrain), "household"),
    ];
}
