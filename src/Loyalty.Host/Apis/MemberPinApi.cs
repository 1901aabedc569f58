using System.Security.Claims;
using Loyalty.Domain;
using Loyalty.Grains;
using Loyalty.Grains.Cards;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Members;
using Loyalty.Host.Auth;
using Loyalty.Host.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loyalty.Host.Apis;

public sealed record SetPinRequest(string? Pin, string? CurrentPin);

public sealed record ResetPinRequest(string? Pin);

/// <summary>
/// The member's PIN (密码): set at the counter of the home store (changing it needs the current PIN), reset by a manager,
/// asked for in phone lookups and stored-value payments when the program says so (header <c>X-Member-Pin</c>, so the PIN
/// is never part of a request body, its idempotency fingerprint or a URL).
/// </summary>
public static class MemberPinApi
{
    public const string Header = "X-Member-Pin";

    public static RouteGroupBuilder MapMemberPinApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/members").RequireAuthorization().WithTags("Members");
        group.MapGet("/{memberId}/pin", GetPin).WithName(nameof(GetPin)).Errors(ErrorCodes.NotFound);
        group.MapPut("/{memberId}/pin", SetPin).WithName(nameof(SetPin)).Errors(ErrorCodes.Validation, ErrorCodes.NotFound, ErrorCodes.PinInvalid, ErrorCodes.PinLocked);
        group.MapPost("/{memberId}/pin/reset", ResetPin).WithName(nameof(ResetPin)).Errors(ErrorCodes.Validation, ErrorCodes.NotFound);
        return group;
    }

    public static async Task<Results<Ok<PinStatus>, ProblemHttpResult>> GetPin(string memberId, ClaimsPrincipal user, IGrainFactory grains)
    {
        var (member, problem) = await HomeMember(memberId, Caller.From(user), grains, "A member's PIN status is read");
        return problem ?? (Results<Ok<PinStatus>, ProblemHttpResult>)TypedResults.Ok(await grains.GetGrain<IMemberGrain>(member!.MemberId).Pin(new GetMember()));
    }

    /// <summary>Sets the PIN the member chooses (4–8 digits); an existing PIN changes only with the current one.</summary>
    public static async Task<Results<Ok<PinStatus>, ValidationProblem, ProblemHttpResult>> SetPin(
        string memberId, SetPinRequest body, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!PinHasher.IsWellFormed(body.Pin))
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["pin"] = ["4 to 8 digits."] });
        }
        var caller = Caller.From(user);
        var (member, problem) = await HomeMember(memberId, caller, grains, "A member's PIN is set");
        if (problem is not null)
        {
            return problem;
        }
        var grain = grains.GetGrain<IMemberGrain>(member!.MemberId);
        var check = await grain.SetPin(new SetMemberPin(PinHasher.Hash(body.Pin!), body.CurrentPin, false, caller.AsActor()));
        return Refusal(check) ?? (Results<Ok<PinStatus>, ValidationProblem, ProblemHttpResult>)TypedResults.Ok(await grain.Pin(new GetMember()));
    }

    /// <summary>A manager (of the home store) or an admin unlocks the PIN and sets a new one, or clears it when none is given.</summary>
    public static async Task<Results<Ok<PinStatus>, ValidationProblem, ProblemHttpResult>> ResetPin(
        string memberId, ResetPinRequest? body, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (body?.Pin is not null && !PinHasher.IsWellFormed(body.Pin))
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["pin"] = ["4 to 8 digits, or leave it out to clear the PIN."] });
        }
        var caller = Caller.From(user);
        if (!caller.IsManagerOrAdmin)
        {
            return Problems.Forbidden("A PIN is reset by a manager or an admin.");
        }
        var (member, problem) = await HomeMember(memberId, caller, grains, "A member's PIN is reset");
        if (problem is not null)
        {
            return problem;
        }
        var grain = grains.GetGrain<IMemberGrain>(member!.MemberId);
        await grain.SetPin(new SetMemberPin(body?.Pin is { } pin ? PinHasher.Hash(pin) : null, null, true, caller.AsActor()));
        return TypedResults.Ok(await grain.Pin(new GetMember()));
    }

    /// <summary>
    /// Null when the member's PIN lets the operation go on: the member has none, or the PIN sent is right. A missing PIN is
    /// <c>pin_required</c> and counts nothing; a wrong one is counted (and may lock the PIN).
    /// </summary>
    public static async Task<ProblemHttpResult?> Check(IGrainFactory grains, string memberId, string? pin)
    {
        var grain = grains.GetGrain<IMemberGrain>(memberId);
        if (string.IsNullOrEmpty(pin))
        {
            var status = await grain.Pin(new GetMember());
            return !status.IsSet ? null
                : status.Locked ? Problems.Of(ErrorCodes.PinLocked, "The PIN is locked after repeated wrong PINs; a manager resets it.")
                : Problems.Of(ErrorCodes.PinRequired, $"The member's PIN is required (header {Header}).");
        }
        return Refusal(await grain.VerifyPin(new VerifyMemberPin(pin)));
    }

    /// <summary>The PINs a checkout needs: for a phone lookup and for paying with stored value, as the program asks.</summary>
    public static async Task<ProblemHttpResult?> CheckCheckout(IGrainFactory grains, ProgramSettings program, CheckoutBody body, string? pin)
    {
        if (program.PinForPhoneLookup && body.Phone is not null && body.Name is not null
            && await MemberApi.FindByPhoneAndName(grains, Phones.Normalize(body.Phone)!, body.Name) is { } byPhone)
        {
            return await Check(grains, byPhone.MemberId, pin);
        }
        if (program.PinForStoredValue && body.StoredValueAmount > 0 && body.CardNumber is not null
            && await grains.GetGrain<ICardGrain>(body.CardNumber).Get(new GetCard()) is { } card)
        {
            return await Check(grains, card.MemberId, pin);
        }
        return null;
    }

    private static ProblemHttpResult? Refusal(PinCheck check) => check.Result switch
    {
        PinResults.Wrong => TypedResults.Problem($"Wrong PIN; {check.AttemptsLeft} attempt(s) left before it locks.",
            statusCode: Problems.StatusFor(ErrorCodes.PinInvalid), title: Problems.TitleFor(ErrorCodes.PinInvalid),
            extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.PinInvalid, ["attemptsLeft"] = check.AttemptsLeft }),
        PinResults.Locked => Problems.Of(ErrorCodes.PinLocked, "The PIN is locked after repeated wrong PINs; a manager resets it."),
        _ => null,
    };

    private static async Task<(MemberView? Member, ProblemHttpResult? Problem)> HomeMember(string memberId, Caller caller, IGrainFactory grains, string what)
    {
        var member = await MemberApi.FindById(grains, memberId);
        if (member is null)
        {
            return (null, Problems.NotFound("Member not found."));
        }
        return MemberApi.Boundary(caller, member, what) is { } outside ? (null, outside) : (member, null);
    }
}
