using System.Text.Json;
using System.Text.Json.Serialization;
using Loyalty.Grains.Cards;
using Loyalty.Grains.Catalog;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Members;
using Loyalty.Grains.Program;

namespace Loyalty.Grains;

/// <summary>
/// Source-generated JSON for grain state and for every grain request and result (guarantee 4: a call can be
/// serialized and forwarded to another silo without changing grain code).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(MemberState))]
[JsonSerializable(typeof(CardState))]
[JsonSerializable(typeof(PhoneIndexState))]
[JsonSerializable(typeof(LedgerNote))]
[JsonSerializable(typeof(CheckoutLedgerNote))]
[JsonSerializable(typeof(TierLedgerNote))]
[JsonSerializable(typeof(CardLedgerNote))]
[JsonSerializable(typeof(CheckoutRecord))]
[JsonSerializable(typeof(RegisterMember))]
[JsonSerializable(typeof(GetMember))]
[JsonSerializable(typeof(ChangeMemberStatus))]
[JsonSerializable(typeof(AttachCard))]
[JsonSerializable(typeof(MemberView))]
[JsonSerializable(typeof(MemberCheckout))]
[JsonSerializable(typeof(Receipt))]
[JsonSerializable(typeof(ClaimPhone))]
[JsonSerializable(typeof(ReleasePhone))]
[JsonSerializable(typeof(PhoneOwner))]
[JsonSerializable(typeof(IssueCard))]
[JsonSerializable(typeof(GetCard))]
[JsonSerializable(typeof(ReportCardLost))]
[JsonSerializable(typeof(ReplaceCard))]
[JsonSerializable(typeof(TakeOverCard))]
[JsonSerializable(typeof(CardView))]
[JsonSerializable(typeof(Notifications.Notification))]
[JsonSerializable(typeof(ProgramState))]
[JsonSerializable(typeof(GetProgram))]
[JsonSerializable(typeof(UpdateProgram))]
[JsonSerializable(typeof(ProgramSnapshot))]
[JsonSerializable(typeof(PromotionCatalogState))]
[JsonSerializable(typeof(DefinePromotion))]
[JsonSerializable(typeof(ListPromotions))]
[JsonSerializable(typeof(PromotionList))]
[JsonSerializable(typeof(PromotionBudgetState))]
[JsonSerializable(typeof(ConsumeBudget))]
[JsonSerializable(typeof(BudgetGrant))]
[JsonSerializable(typeof(ReleaseBudget))]
[JsonSerializable(typeof(BudgetRelease))]
[JsonSerializable(typeof(GetBudget))]
[JsonSerializable(typeof(BudgetView))]
[JsonSerializable(typeof(CouponTemplateCatalogState))]
[JsonSerializable(typeof(DefineCouponTemplate))]
[JsonSerializable(typeof(ListCouponTemplates))]
[JsonSerializable(typeof(CouponTemplateList))]
[JsonSerializable(typeof(GiftState))]
[JsonSerializable(typeof(GiftCatalogState))]
[JsonSerializable(typeof(DefineGift))]
[JsonSerializable(typeof(GetGift))]
[JsonSerializable(typeof(ReserveGift))]
[JsonSerializable(typeof(ReleaseGift))]
[JsonSerializable(typeof(AdjustGiftStock))]
[JsonSerializable(typeof(GiftReservation))]
[JsonSerializable(typeof(GiftView))]
[JsonSerializable(typeof(AddGiftToCatalog))]
[JsonSerializable(typeof(ListGifts))]
[JsonSerializable(typeof(GiftIds))]
[JsonSerializable(typeof(GiftLedgerNote))]
public sealed partial class GrainJson : JsonSerializerContext;
