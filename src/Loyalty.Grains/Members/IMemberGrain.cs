using Loyalty.Grains.Contracts;
using Loyalty.Grains.Jobs;
using Loyalty.Persistence;

namespace Loyalty.Grains.Members;

/// <summary>A member (会员): profile, status, tier, points and spend. Called by cards; calls only households.</summary>
[Alias("Loyalty.IMemberGrain")]
public interface IMemberGrain : IGrainWithStringKey
{
    [Alias("Register")]
    Task<MemberView> Register(RegisterMember request);

    /// <summary>The member, or null when no member has this id.</summary>
    [Alias("Get")]
    Task<MemberView?> Get(GetMember request);

    [Alias("ChangeStatus")]
    Task<MemberView> ChangeStatus(ChangeMemberStatus request);

    [Alias("AttachCard")]
    Task<MemberView> AttachCard(AttachCard request);

    /// <summary>Changes the fields given (audited); a birthday at most once per program period.</summary>
    [Alias("UpdateProfile")]
    Task<ProfileUpdated> UpdateProfile(UpdateProfile request);

    [Alias("ProfileChanges")]
    Task<ProfileChangeList> ProfileChanges(GetProfileChanges request);

    [Alias("SetPin")]
    Task<PinCheck> SetPin(SetMemberPin request);

    /// <summary>Checks a PIN and counts a wrong one (answered, never thrown, so the count is committed).</summary>
    [Alias("VerifyPin")]
    Task<PinCheck> VerifyPin(VerifyMemberPin request);

    [Alias("Pin")]
    Task<PinStatus> Pin(GetMember request);

    /// <summary>Cancels the membership at the member's own request (recorded as such).</summary>
    [Alias("Leave")]
    Task<MemberView> Leave(LeaveProgram request);


    /// <summary>Interleaves: it runs the checkout as an <see cref="IMemberTurns"/> turn and answers once it is durable.</summary>
    [Alias("Checkout"), AlwaysInterleave]
    Task<Receipt> Checkout(MemberCheckout request);

    [Alias("Refund")]
    Task<RefundReceipt> Refund(RefundCheckout request);

    /// <summary>A stored-value top-up on one of the member's cards: a deposit tier may lift the tier; idempotent per top-up id.</summary>
    [Alias("Deposit")]
    Task<DepositResult> Deposit(DepositToMember request);

    /// <summary>The balance of one of the member's cards after a charge, refund or hand-over.</summary>
    [Alias("NoteStoredValue")]
    Task NoteStoredValue(NoteStoredValue request);

    [Alias("IssueCoupon")]
    Task<CouponView> IssueCoupon(IssueCoupon request);

    [Alias("IssueOutreachCoupon")]
    Task<OutreachIssueResult> IssueOutreachCoupon(IssueOutreachCoupon request);

    [Alias("Coupons")]
    Task<CouponList> Coupons(ListCoupons request);

    [Alias("JoinHousehold")]
    Task<MemberView> JoinHousehold(JoinHouseholdRequest request);

    [Alias("LeaveHousehold")]
    Task<MemberView> LeaveHousehold(LeaveHouseholdRequest request);
    /// <summary>Runs a scheduled job (Jobs/JobNames) if it is due by the member's state; idempotent.</summary>
    [Alias("RunJob")]
    Task<JobResult> RunJob(RunMemberJob request);

    // ---- Points operations beyond checkout (MemberGrain.Transfers/Earning/Redemptions/Admin.cs) ----

    [Alias("TransferOut")]
    Task<PointsOperationResult> TransferOut(TransferOut request);

    [Alias("TransferIn")]
    Task<PointsOperationResult> TransferIn(TransferIn request);

    [Alias("UndoDebit")]
    Task<PointsOperationResult> UndoDebit(UndoDebit request);

    [Alias("AdjustPoints")]
    Task<PointsOperationResult> AdjustPoints(AdjustPoints request);

    [Alias("CheckIn")]
    Task<PointsOperationResult> CheckIn(CheckIn request);

    [Alias("CreditReview")]
    Task<PointsOperationResult> CreditReview(CreditReview request);

    [Alias("CreditReferral")]
    Task<PointsOperationResult> CreditReferral(CreditReferral request);

    [Alias("Referral")]
    Task<ReferralInfo> Referral(GetReferral request);

    [Alias("MarkReferralCredited")]
    Task<ReferralInfo> MarkReferralCredited(MarkReferralCredited request);

    [Alias("RedeemGift")]
    Task<PointsOperationResult> RedeemGift(RedeemGift request);

    [Alias("UseBenefit")]
    Task<BenefitUseView> UseBenefit(UseBenefit request);

    [Alias("Benefits")]
    Task<BenefitList> Benefits(ListBenefits request);

    [Alias("OverrideTier")]
    Task<MemberView> OverrideTier(OverrideTier request);

    /// <summary>Merge, step one on the duplicate: hand everything over and close (idempotent per merge id).</summary>
    [Alias("ExportForMerge")]
    Task<MergeExport> ExportForMerge(ExportForMerge request);

    /// <summary>Merge, step two on the survivor (idempotent per merge id).</summary>
    [Alias("AbsorbMerge")]
    Task<MemberView> AbsorbMerge(AbsorbMerge request);
}

/// <summary>Unique phone numbers: one grain per (hashed) phone says which member owns it.</summary>
[Alias("Loyalty.IPhoneIndexGrain")]
public interface IPhoneIndexGrain : IGrainWithStringKey
{
    /// <summary>Claims the phone for the member; answers the owner, which is another member when already taken.</summary>
    [Alias("Claim")]
    Task<PhoneOwner> Claim(ClaimPhone request);

    /// <summary>Gives the phone up if this member holds it (a registration that did not complete).</summary>
    [Alias("Release")]
    Task<PhoneOwner> Release(ReleasePhone request);

    [Alias("Owner")]
    Task<PhoneOwner> Owner(GetMember request);
}

/// <summary>The member's turns answered before their commit; only the member grain itself calls them.</summary>
[Alias("Loyalty.IMemberTurns")]
public interface IMemberTurns : IGrainWithStringKey
{
    [Alias("CheckoutTurn"), AnswerBeforeCommit]
    Task<Receipt> CheckoutTurn(MemberCheckout request);
}
