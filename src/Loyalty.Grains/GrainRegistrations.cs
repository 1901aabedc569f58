using Loyalty.Grains.Cards;
using Loyalty.Grains.Catalog;
using Loyalty.Grains.Members;
using Loyalty.Grains.Program;
using Loyalty.Runtime;

namespace Loyalty.Grains;

/// <summary>The engine's grain types and the names their state is stored under.</summary>
public static class GrainRegistrations
{
    public static readonly IReadOnlyList<GrainRegistration> All =
    [
        new(typeof(IMemberGrain), typeof(MemberGrain), "member"),
        // A checkout by card reads the card, then its member: the member is read in the card's round trip.
        new(typeof(ICardGrain), typeof(CardGrain), "card", OwnerType: "member"),
        new(typeof(IPhoneIndexGrain), typeof(PhoneIndexGrain), "phone"),
        new(typeof(Households.IHouseholdGrain), typeof(Households.HouseholdGrain), "household"),
        new(typeof(IProgramGrain), typeof(ProgramGrain), "program"),
        new(typeof(IPromotionCatalogGrain), typeof(PromotionCatalogGrain), "promotion-catalog"),
        new(typeof(IPromotionBudgetGrain), typeof(PromotionBudgetGrain), "promotion-budget"),
        new(typeof(ICouponTemplateCatalogGrain), typeof(CouponTemplateCatalogGrain), "coupon-template-catalog"),
        new(typeof(IGiftGrain), typeof(GiftGrain), "gift"),
        new(typeof(IGiftCatalogGrain), typeof(GiftCatalogGrain), "gift-catalog"),
    ];
}
