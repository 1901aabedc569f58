using System.Security.Claims;
using Loyalty.Grains;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Flows;
using Loyalty.Grains.Members;
using Loyalty.Host.Auth;
using Loyalty.Host.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loyalty.Host.Apis;

public sealed record ContactPreferencesRequest(bool? Sms, bool? Email, bool? App);

public sealed record UpdateProfileRequest(
    string? Name, string? Phone, DateOnly? Birthday, string? Gender, string? Address, string? Email, ContactPreferencesRequest? ContactPreferences);

public sealed record LeaveRequest(string? Note);

/// <summary>Member profiles: change details (PATCH, audited), read the audit trail, leave at the member's own request.</summary>
public static class MemberProfileApi
{
    public static RouteGroupBuilder MapMemberProfileApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/members").RequireAuthorization().WithTags("Members");
        group.MapPatch("/{memberId}", UpdateProfile).WithName(nameof(UpdateProfile))
            .Errors(ErrorCodes.Validation, ErrorCodes.NotFound, ErrorCodes.PhoneTaken, ErrorCodes.BirthdayChangeLimited, ErrorCodes.MemberCancelled);
        group.MapGet("/{memberId}/profile-changes", GetProfileChanges).WithName(nameof(GetProfileChanges)).Errors(ErrorCodes.NotFound);
        group.MapPost("/{memberId}/leave", Leave).WithName(nameof(Leave)).Errors(ErrorCodes.Validation, ErrorCodes.NotFound);
        return group;
    }

    /// <summary>
    /// Changes only the fields sent; a new phone number moves through the phone index (<see cref="ProfileFlow"/>), and
    /// one that belongs to another member is refused with <c>phone_taken</c>.
    /// </summary>
    public static async Task<Results<Ok<MemberView>, ValidationProblem, ProblemHttpResult>> UpdateProfile(
        string memberId, UpdateProfileRequest body, ClaimsPrincipal user, IGrainFactory grains, ProfileFlow profiles, TimeProvider time)
    {
        var caller = Caller.From(user);
        var validation = new Validation()
            .Optional("name", body.Name?.Trim(), 50)
            .Optional("gender", body.Gender, 16);
        var phone = Phones.Normalize(body.Phone);
        if (body.Phone is not null && phone is null)
        {
            validation.Add("phone", "A phone number of 6 to 20 digits.");
        }
        if (body.Birthday is { } birthday && birthday > DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime))
        {
            validation.Add("birthday", "A birthday cannot be in the future.");
        }
        if (body.Address is { Length: > 200 })
        {
            validation.Add("address", "At most 200 characters (empty clears it).");
        }
        if (body.Email is { } email && email.Length > 0 && (email.Length > 100 || email.Trim().Contains(' ') || email.IndexOf('@') is < 1 || email.IndexOf('@') == email.Length - 1))
        {
            validation.Add("email", "An e-mail address like name@example.com, at most 100 characters (empty clears it).");
        }
        if (!validation.IsValid)
        {
            return Problems.Validation(validation.Errors);
        }
        var member = await MemberApi.FindById(grains, memberId);
        if (member is null)
        {
            return Problems.NotFound("Member not found.");
        }
        if (MemberApi.Boundary(caller, member, "A member's profile is changed") is { } outside)
        {
            return outside;
        }
        ContactPreferencesView? contact = body.ContactPreferences is { } c && member.ContactPreferences is { } current
            ? new ContactPreferencesView(c.Sms ?? current.Sms, c.Email ?? current.Email, c.App ?? current.App)
            : null;
        var request = new UpdateProfile(body.Name?.Trim(), phone, body.Birthday, body.Gender, body.Address, body.Email?.Trim(), contact, caller.AsActor());
        return TypedResults.Ok((await profiles.UpdateAsync(memberId, member.Phone, request)).ForCaller(caller));
    }

    /// <summary>The profile audit trail, oldest first; phone numbers masked for callers who do not see full phones.</summary>
    public static async Task<Results<Ok<ProfileChangeList>, ProblemHttpResult>> GetProfileChanges(
        string memberId, ClaimsPrincipal user, IGrainFactory grains)
    {
        var caller = Caller.From(user);
        var member = await MemberApi.FindById(grains, memberId);
        if (member is null)
        {
            return Problems.NotFound("Member not found.");
        }
        if (MemberApi.Boundary(caller, member, "A member's profile changes are read") is { } outside)
        {
            return outside;
        }
        var list = await grains.GetGrain<IMemberGrain>(memberId).ProfileChanges(new GetProfileChanges());
        if (!caller.SeesFullPhone)
        {
            list = list with
            {
                Changes = list.Changes.Select(c => c.Field == "phone"
                    ? c with { From = c.From is null ? null : Phones.Mask(c.From), To = c.To is null ? null : Phones.Mask(c.To) }
                    : c).ToList(),
            };
        }
        return TypedResults.Ok(list);
    }

    /// <summary>
    /// The member leaves at their own request (退会): cancelled, recorded as the member's own decision, at the counter of
    /// the home store. The phone number stays with the record, as for any cancelled member (an admin may restore it).
    /// </summary>
    public static async Task<Results<Ok<MemberView>, ValidationProblem, ProblemHttpResult>> Leave(
        string memberId, LeaveRequest? body, ClaimsPrincipal user, IGrainFactory grains)
    {
        var caller = Caller.From(user);
        var validation = new Validation().Optional("note", body?.Note, 200);
        if (!validation.IsValid)
        {
            return Problems.Validation(validation.Errors);
        }
        var member = await MemberApi.FindById(grains, memberId);
        if (member is null)
        {
            return Problems.NotFound("Member not found.");
        }
        if (MemberApi.Boundary(caller, member, "A member leaves") is { } outside)
        {
            return outside;
        }
        var left = await grains.GetGrain<IMemberGrain>(memberId).Leave(new LeaveProgram(body?.Note, caller.AsActor()));
        return TypedResults.Ok(left.ForCaller(caller));
    }
}
