using System.Security.Claims;
using Loyalty.Grains;
using Loyalty.Grains.Approvals;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Flows;
using Loyalty.Grains.Members;
using Loyalty.Grains.Program;
using Loyalty.Host.Auth;
using Loyalty.Host.Infrastructure;
using Loyalty.Persistence.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loyalty.Host.Apis;

public sealed record CreateMemberRequest(string? Name, string? Phone, DateOnly? Birthday, string? Gender, string? HomeStoreId, string? ReferrerMemberId,
    bool? Corporate = null);

public sealed record ChangeStatusRequest(string? Status, string? Reason);

public sealed record LedgerEntryResponse(
    long Sequence, string OperationId, string Kind, DateTimeOffset At, string? StoreId, long PointsDelta, long PendingDelta,
    decimal SpendDelta, decimal StoredValueDelta, decimal BonusDelta, long PointsAfter, decimal StoredValueAfter, string? Data,
    decimal StoredValueAmount = 0, long PointsDebtDelta = 0, long? PointsDebtAfter = null);

public sealed record LedgerResponse(IReadOnlyList<LedgerEntryResponse> Entries, long? NextBefore);

/// <summary>Members (会员): register, read, find by phone and name, change status, read the ledger.</summary>
public static class MemberApi
{
    public static RouteGroupBuilder MapMemberApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/members").RequireAuthorization().WithTags("Members");
        group.MapPost("/", CreateMember).WithName(nameof(CreateMember)).Errors(ErrorCodes.Validation, ErrorCodes.PhoneTaken, ErrorCodes.Conflict);
        group.MapGet("/{memberId}", GetMember).WithName(nameof(GetMember)).Errors(ErrorCodes.NotFound);
        group.MapGet("/", FindMember).WithName(nameof(FindMember)).Errors(ErrorCodes.Validation, ErrorCodes.NotFound, ErrorCodes.PinRequired, ErrorCodes.PinInvalid, ErrorCodes.PinLocked);
        group.MapPost("/{memberId}/status", ChangeStatus).WithName(nameof(ChangeStatus)).Errors(ErrorCodes.Validation, ErrorCodes.NotFound);
        group.MapGet("/{memberId}/ledger", GetLedger).WithName(nameof(GetLedger)).Errors(ErrorCodes.Validation, ErrorCodes.NotFound);
        return group;
    }

    /// <summary>
    /// A member as this caller may see it (保密): the home store's managers and admins see everything, the home store's
    /// clerks a masked phone; staff of another store (a lookup at their counter) see the masked phone without the
    /// birthday, gender and status history.
    /// </summary>
    public static MemberView ForCaller(this MemberView member, Caller caller)
    {
        if (!caller.Serves(member))
        {
            return member with
            {
                Phone = Phones.Mask(member.Phone), Birthday = null, Gender = null, StatusHistory = [], Address = null, Email = null, ContactPreferences = null,
            };
        }
        return caller.SeesFullPhone ? member : member with { Phone = Phones.Mask(member.Phone) };
    }

    /// <summary>403 unless the caller serves the member's home store (the store boundary).</summary>
    public static ProblemHttpResult? Boundary(Caller caller, MemberView member, string what) => caller.Serves(member)
        ? null
        : Problems.Forbidden($"{what} only at the member's home store ({member.HomeStoreId ?? "none: the chain's"}) or by an admin.");

    /// <summary>
    /// Registers a member, or files a membership application when the program asks for approval (a clerk's registration;
    /// managers and admins approve by registering): then 202 with the pending request, and the phone is held for it.
    /// The phone claim, the member or application and the welcome coupon are <see cref="RegistrationFlow"/>.
    /// </summary>
    public static async Task<Results<Created<MemberView>, Accepted<ApprovalView>, ValidationProblem, ProblemHttpResult>> CreateMember(
        CreateMemberRequest body, ClaimsPrincipal user, IGrainFactory grains, TimeProvider time, Live.DashboardPublisher dashboards,
        IProgramProvider programs, RegistrationFlow registrations, StoreDirectory stores)
    {
        var caller = Caller.From(user);
        var phone = Phones.Normalize(body.Phone);
        var validation = new Validation().Require("name", body.Name?.Trim(), 50).Optional("gender", body.Gender, 16);
        if (body.Phone is null)
        {
            validation.Add("phone", "Required.");
        }
        else if (phone is null)
        {
            validation.Add("phone", "A phone number of 6 to 20 digits.");
        }
        validation.Id("homeStoreId", body.HomeStoreId, required: false, maxLength: 32).Id("referrerMemberId", body.ReferrerMemberId, required: false);
        stores.Check(validation, "homeStoreId", body.HomeStoreId);
        if (body.Birthday is { } birthday && birthday > DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime))
        {
            validation.Add("birthday", "A birthday cannot be in the future.");
        }
        if (!validation.IsValid)
        {
            return Problems.Validation(validation.Errors);
        }
        if (body.Corporate == true && !caller.IsAdmin)
        {
            return Problems.Forbidden("Corporate members are registered by an admin (contract discount, no points).");
        }
        var homeStore = body.HomeStoreId ?? caller.StoreId;
        if (!caller.IsAdmin && homeStore != caller.StoreId)
        {
            return Problems.Forbidden("Members are registered for the caller's own store.");
        }
        if (body.ReferrerMemberId is { } referrer && await grains.GetGrain<IMemberGrain>(referrer).Get(new GetMember()) is null)
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["referrerMemberId"] = ["No member has this id."] });
        }

        var applies = programs.Current.MembershipApproval && !caller.IsManagerOrAdmin;
        if (applies && homeStore is null)
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["homeStoreId"] = ["Applications are approved per store: a home store is required."] });
        }
        var (member, application) = await registrations.RegisterOrApplyAsync(new Registration(body.Name!.Trim(), phone!, body.Birthday, body.Gender,
            homeStore, body.ReferrerMemberId, body.Corporate ?? false, applies, caller.AsActor()), dashboards.MemberJoined);
        if (application is not null)
        {
            return TypedResults.Accepted($"/api/v1/stores/{homeStore}/approvals/{application.RequestId}", ApprovalApi.ForCaller(application, caller));
        }
        return member is null
            ? Problems.Of(ErrorCodes.PhoneTaken, "This phone number is already registered to another member.")
            : TypedResults.Created($"/api/v1/members/{member.MemberId}", member.ForCaller(caller));
    }

    /// <summary>Registers a member whose phone is already claimed: the member, the dashboards' count, the welcome coupon.</summary>
    public static Task<MemberView> Register(RegistrationFlow registrations, Live.DashboardPublisher dashboards, RegisterMember request) =>
        registrations.RegisterAsync(request, dashboards.MemberJoined);

    public static async Task<Results<Ok<MemberView>, ProblemHttpResult>> GetMember(
        string memberId, ClaimsPrincipal user, IGrainFactory grains)
    {
        var member = await FindById(grains, memberId);
        return member is null ? Problems.NotFound("Member not found.") : TypedResults.Ok(member.ForCaller(Caller.From(user)));
    }

    /// <summary>Identifies a member by phone plus name (两项以上信息), e.g. when the card was forgotten.</summary>
    public static async Task<Results<Ok<MemberView>, ValidationProblem, ProblemHttpResult>> FindMember(
        string? phone, string? name, ClaimsPrincipal user, IGrainFactory grains, IProgramProvider programs,
        [Microsoft.AspNetCore.Mvc.FromHeader(Name = MemberPinApi.Header)] string? pin)
    {
        var normalized = Phones.Normalize(phone);
        var validation = new Validation().Require("name", name, 50);
        if (normalized is null)
        {
            validation.Add("phone", "A phone number is required with the name.");
        }
        if (!validation.IsValid)
        {
            return Problems.Validation(validation.Errors);
        }
        var member = await FindByPhoneAndName(grains, normalized!, name!);
        if (member is null)
        {
            return Problems.NotFound("No member has this phone number and name.");
        }
        if (programs.Current.PinForPhoneLookup && await MemberPinApi.Check(grains, member.MemberId, pin) is { } refused)
        {
            return refused;
        }
        return TypedResults.Ok(member.ForCaller(Caller.From(user)));
    }

    public static async Task<MemberView?> FindById(IGrainFactory grains, string memberId) =>
        IsPlausibleId(memberId) ? await grains.GetGrain<IMemberGrain>(memberId).Get(new GetMember()) : null;

    public static Task<MemberView?> FindByPhoneAndName(IGrainFactory grains, string phone, string name) =>
        MemberLookup.FindByPhoneAndName(grains, phone, name);

    public static async Task<Results<Ok<MemberView>, ValidationProblem, ProblemHttpResult>> ChangeStatus(
        string memberId, ChangeStatusRequest body, ClaimsPrincipal user, IGrainFactory grains)
    {
        var caller = Caller.From(user);
        var validation = new Validation().Require("reason", body.Reason, 200);
        if (!MemberStatus.IsKnown(body.Status))
        {
            validation.Add("status", "One of active, frozen, cancelled.");
        }
        if (!validation.IsValid)
        {
            return Problems.Validation(validation.Errors);
        }
        var member = await FindById(grains, memberId);
        if (member is null)
        {
            return Problems.NotFound("Member not found.");
        }
        // Managers freeze and unfreeze (冻结/解冻) their own store's members; cancelling and restoring a cancelled member is for admins.
        var managerMay = body.Status == MemberStatus.Frozen || (body.Status == MemberStatus.Active && member.Status != MemberStatus.Cancelled);
        if (!(caller.IsAdmin || (caller.Role == Roles.Manager && managerMay)))
        {
            return Problems.Forbidden("This role may not make this status change.");
        }
        if (Boundary(caller, member, "A member's status is changed") is { } outside)
        {
            return outside;
        }
        var changed = await grains.GetGrain<IMemberGrain>(memberId).ChangeStatus(new ChangeMemberStatus(body.Status!, body.Reason!.Trim(), caller.AsActor()));
        return TypedResults.Ok(changed.ForCaller(caller));
    }

    public static async Task<Results<Ok<LedgerResponse>, ValidationProblem, ProblemHttpResult>> GetLedger(
        string memberId, int? limit, long? before, ClaimsPrincipal user, IGrainFactory grains, ILedgerStore storage)
    {
        var take = limit ?? 50;
        if (take is < 1 or > 500)
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["limit"] = ["Between 1 and 500."] });
        }
        var member = await FindById(grains, memberId);
        if (member is null)
        {
            return Problems.NotFound("Member not found.");
        }
        if (Boundary(Caller.From(user), member, "The ledger is read") is { } outside)
        {
            return outside;
        }
        var rows = await storage.ReadLedgerAsync(LedgerAccounts.Member(memberId), take, before);
        var entries = rows.Select(MemberLedgerRows.Entry).ToList();
        return TypedResults.Ok(new LedgerResponse(entries, entries.Count == take ? entries[^1].Sequence : null));
    }

    /// <summary>Ids that could be grain keys; anything else cannot name a member and is simply not found.</summary>
    public static bool IsPlausibleId(string id) =>
        id.Length is > 0 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');
}
