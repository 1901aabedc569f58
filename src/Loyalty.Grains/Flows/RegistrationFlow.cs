using Loyalty.Grains.Approvals;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Members;
using Loyalty.Grains.Program;

namespace Loyalty.Grains.Flows;

/// <summary>
/// A registration as the edge asks for it (validated, the caller allowed). <see cref="Apply"/>: the program asks for
/// approval of this caller's registrations, so a membership application is filed at <see cref="HomeStoreId"/> instead.
/// </summary>
public sealed record Registration(string Name, string Phone, DateOnly? Birthday, string? Gender, string? HomeStoreId, string? ReferrerMemberId,
    bool Corporate, bool Apply, Actor By);

/// <summary>The registered member, or the filed application, or neither: the phone belongs to another member.</summary>
public sealed record RegistrationOutcome(MemberView? Member, ApprovalView? Application);

/// <summary>
/// Registering a member (会员注册): the phone index (one member per phone), the member grain, the approval queue when
/// registrations need approval, and the welcome coupon. Several grains, none of which may call the others, so it runs
/// here; the edge keeps validation and its live dashboards (told through <c>joined</c> the moment the member exists).
/// </summary>
public sealed class RegistrationFlow(IGrainFactory grains, IProgramProvider programs, ICouponTemplates templates, TimeProvider time)
{
    public async Task<RegistrationOutcome> RegisterOrApplyAsync(Registration registration, Action<MemberView> joined)
    {
        var memberId = NewIds.Member();
        var phoneIndex = grains.GetGrain<IPhoneIndexGrain>(PhoneIndexGrain.KeyFor(registration.Phone));
        var owner = await phoneIndex.Claim(new ClaimPhone(memberId));
        if (owner.MemberId != memberId)
        {
            return new RegistrationOutcome(null, null);
        }
        try
        {
            if (registration.Apply)
            {
                // Nothing takes effect before approval: only the phone is held, so two applications cannot claim one number.
                var pending = await grains.GetGrain<IApprovalQueueGrain>(registration.HomeStoreId!).Submit(new SubmitApproval(NewIds.Request(),
                    ApprovalKinds.Membership, new ApprovalSubject(memberId, registration.Name, registration.Phone, registration.Birthday,
                        registration.Gender, registration.ReferrerMemberId), 1, registration.By));
                return new RegistrationOutcome(null, pending);
            }
            var member = await RegisterAsync(new RegisterMember(memberId, registration.Name, registration.Phone, registration.Birthday,
                registration.Gender, registration.HomeStoreId, registration.ReferrerMemberId, registration.By, registration.Corporate), joined);
            return new RegistrationOutcome(member, null);
        }
        catch
        {
            // The registration did not happen: give the phone number back.
            await phoneIndex.Release(new ReleasePhone(memberId));
            throw;
        }
    }

    /// <summary>Registers a member whose phone is already claimed: the member, then the welcome coupon.</summary>
    public async Task<MemberView> RegisterAsync(RegisterMember request, Action<MemberView> joined)
    {
        var member = await grains.GetGrain<IMemberGrain>(request.MemberId).Register(request);
        joined(member);
        if (programs.Current.WelcomeCouponTemplateId is { } welcome && templates.Find(welcome) is { } template)
        {
            // The welcome coupon (one code per member, so a repeat issues nothing new).
            await CouponIssues.Issue(grains, programs.Current, time.GetUtcNow(), request.MemberId, template, $"WELCOME-{request.MemberId}", "welcome", request.By);
        }
        return member;
    }
}
