using Loyalty.Domain;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Members;

namespace Loyalty.Grains.Flows;

/// <summary>
/// A profile change (资料变更) that may move the member to another phone number: the phone index (one member per
/// number) and the member grain, which may not call each other. The new number is claimed first, then the member takes
/// it, then the number the member gave up is released: at no moment can two members hold one number (at worst, after a
/// crash between the steps, the old number stays reserved for this member).
/// </summary>
public sealed class ProfileFlow(IGrainFactory grains)
{
    /// <summary>Applies the change; <paramref name="currentPhone"/> is the member's number as the caller read it.</summary>
    public async Task<MemberView> UpdateAsync(string memberId, string? currentPhone, UpdateProfile request)
    {
        var member = grains.GetGrain<IMemberGrain>(memberId);
        if (request.Phone is not { } phone || phone == currentPhone)
        {
            return (await member.UpdateProfile(request)).Member;
        }

        var newIndex = grains.GetGrain<IPhoneIndexGrain>(PhoneIndexGrain.KeyFor(phone));
        if ((await newIndex.Claim(new ClaimPhone(memberId))).MemberId != memberId)
        {
            throw new DomainException(ErrorCodes.PhoneTaken, "This phone number is already registered to another member.");
        }
        ProfileUpdated updated;
        try
        {
            updated = await member.UpdateProfile(request);
        }
        catch
        {
            // The member did not take the number: give it back.
            await newIndex.Release(new ReleasePhone(memberId));
            throw;
        }
        if (updated.ReplacedPhone is { } replaced && replaced != phone)
        {
            // The number the grain says it gave up (not the one read before: a concurrent change may have come between).
            await grains.GetGrain<IPhoneIndexGrain>(PhoneIndexGrain.KeyFor(replaced)).Release(new ReleasePhone(memberId));
        }
        return updated.Member;
    }
}
