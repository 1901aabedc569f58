using System.Text.Json;
using System.Text.Json.Serialization;
using Loyalty.Grains.Cards;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Members;

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
[JsonSerializable(typeof(Jobs.RunMemberJob))]
[JsonSerializable(typeof(Jobs.JobResult))]
[JsonSerializable(typeof(Jobs.ExpiryLedgerNote))]
[JsonSerializable(typeof(Jobs.ReleaseLedgerNote))]
[JsonSerializable(typeof(Jobs.TierChangedNotice))]
[JsonSerializable(typeof(Jobs.BirthdayGreetingNotice))]
[JsonSerializable(typeof(Jobs.PointsExpiringNotice))]
[JsonSerializable(typeof(Jobs.CouponIssuedNotice))]
public sealed partial class GrainJson : JsonSerializerContext;
