using Loyalty.Grains.Contracts;
using Loyalty.Grains.Jobs;
using Loyalty.Runtime;

namespace Loyalty.Grains.Members;

/// <summary>A member (会员): profile, status, tier, points and spend. Called by cards; calls only households.</summary>
public interface IMemberGrain : IGrainWithStringKey
{
    Task<MemberView> Register(RegisterMember request);

    /// <summary>The member, or null when no member has this id.</summary>
    Task<MemberView?> Get(GetMember request);

    Task<MemberView> ChangeStatus(ChangeMemberStatus request);

    Task<MemberView> AttachCard(AttachCard request);

    Task<Receipt> Checkout(MemberCheckout request);

    Task<RefundReceipt> Refund(RefundCheckout request);

    Task<CouponView> IssueCoupon(IssueCoupon request);

    Task<CouponList> Coupons(ListCoupons request);

    Task<MemberView> JoinHousehold(JoinHouseholdRequest request);

    Task<MemberView> LeaveHousehold(LeaveHouseholdRequest request);
    /// <summary>Runs a scheduled job (Jobs/JobNames) if it is due by the member's state; idempotent.</summary>
    Task<JobResult> RunJob(RunMemberJob request);

    // ---- Points operations beyond checkout (MemberGrain.Transfers/Earning/Redemptions/Admin.cs) ----

    Task<PointsOperationResult> TransferOut(TransferOut request);

    Task<PointsOperationResult> TransferIn(TransferIn request);

    Task<PointsOperationResult> UndoDebit(UndoDebit request);

    Task<PointsOperationResult> AdjustPoints(AdjustPoints request);

    Task<PointsOperationResult> CheckIn(CheckIn request);

    Task<PointsOperationResult> CreditReview(CreditReview request);

    Task<PointsOperationResult> CreditReferral(CreditReferral request);

    Task<ReferralInfo> Referral(GetReferral request);

    Task<ReferralInfo> MarkReferralCredited(MarkReferralCredited request);

    Task<PointsOperationResult> RedeemGift(RedeemGift request);

    Task<MemberView> OverrideTier(OverrideTier request);

    /// <summary>Merge, step one on the duplicate: hand everything over and close (idempotent per merge id).</summary>
    Task<MergeExport> ExportForMerge(ExportForMerge request);

    /// <summary>Merge, step two on the survivor (idempotent per merge id).</summary>
    Task<MemberView> AbsorbMerge(AbsorbMerge request);
}

/// <summary>Unique phone numbers: one grain per (hashed) phone says which member owns it.</summary>
public interface IPhoneIndexGrain : IGrainWithStringKey
{
    /// <summary>Claims the phone for the member; answers the owner, which is another member when already taken.</summary>
    Task<PhoneOwner> Claim(ClaimPhone request);

    /// <summary>Gives the phone up if this member holds it (a registration that did not complete).</summary>
    Task<PhoneOwner> Release(ReleasePhone request);

    Task<PhoneOwner> Owner(GetMember request);
}
