using System.Security.Claims;
using Loyalty.Domain;
using Loyalty.Grains;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Flows;
using Loyalty.Grains.Members;
using Loyalty.Grains.Program;
using Loyalty.Grains.Staff;
using Loyalty.Host.Auth;
using Loyalty.Host.Gifts;
using Loyalty.Host.Infrastructure;
using Loyalty.Persistence.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loyalty.Host.Apis;

public sealed record TransferBody(string? TransferId, string? ToMemberId, long? Points);

public sealed record AdjustmentBody(string? AdjustmentId, long? Points, string? Reason);

public sealed record CheckInBody;

public sealed record ReviewBody(string? ReviewId, string? Sku);

public sealed record RedemptionBody(string? RedemptionId, string? CatalogItemId, int? Quantity);

/// <summary>A completed transfer as both sides recorded it.</summary>
public sealed record TransferReceipt(string TransferId, string FromMemberId, string ToMemberId, long Points, long FromPointsBalance,
    long ToPointsCredited, long ToPointsPending, DateTimeOffset At);

/// <summary>
/// Points beyond checkout: transfers (积分转赠), manual adjustments, check-ins (签到), reviews and gift redemptions
/// (礼品兑换). The two-grain flows (transfer, redemption) run in Loyalty.Grains.Flows; the endpoints validate, authorize and map.
/// </summary>
public static class MemberPointsApi
{
    public const long MaxPoints = 100_000_000;
    public const int MaxGiftQuantity = 1_000;

    public static RouteGroupBuilder MapMemberPointsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/members").RequireAuthorization().WithTags("Member points");
        group.MapPost("/{memberId}/transfers", Transfer).WithName(nameof(Transfer)).Errors(ErrorCodes.Validation, ErrorCodes.NotFound, ErrorCodes.MemberFrozen, ErrorCodes.MemberCancelled, ErrorCodes.InsufficientPoints, ErrorCodes.TransferLimit, ErrorCodes.IdempotencyMismatch, ErrorCodes.OperationIdTaken, ErrorCodes.Conflict);
        group.MapPost("/{memberId}/adjustments", Adjust).WithName(nameof(Adjust)).Errors(ErrorCodes.Validation, ErrorCodes.NotFound, ErrorCodes.MemberFrozen, ErrorCodes.MemberCancelled, ErrorCodes.InsufficientPoints, ErrorCodes.IdempotencyMismatch, ErrorCodes.OperationIdTaken, ErrorCodes.Conflict);
        group.MapPost("/{memberId}/check-ins", CheckIn).WithName(nameof(CheckIn)).Errors(ErrorCodes.NotFound, ErrorCodes.MemberFrozen, ErrorCodes.MemberCancelled, ErrorCodes.Conflict);
        group.MapPost("/{memberId}/reviews", Review).WithName(nameof(Review)).Errors(ErrorCodes.Validation, ErrorCodes.NotFound, Loyalty.Domain.Outreach.ReviewableSkus.NotEligible, ErrorCodes.MemberFrozen, ErrorCodes.MemberCancelled, ErrorCodes.IdempotencyMismatch, ErrorCodes.OperationIdTaken, ErrorCodes.Conflict);
        group.MapPost("/{memberId}/redemptions", Redeem).WithName(nameof(Redeem)).Errors(ErrorCodes.Validation, ErrorCodes.NotFound, ErrorCodes.MemberFrozen, ErrorCodes.MemberCancelled, ErrorCodes.InsufficientPoints, ErrorCodes.RedemptionClosed, ErrorCodes.OutOfStock, ErrorCodes.IdempotencyMismatch, ErrorCodes.OperationIdTaken, ErrorCodes.Conflict);
        return group;
    }

    /// <summary>Not found (404), another store's member (403), or null when the caller may act on the member.</summary>
    private static async Task<ProblemHttpResult?> OwnMember(string memberId, Caller caller, IGrainFactory grains, string what)
    {
        var member = await MemberApi.FindById(grains, memberId);
        return member is null ? Problems.NotFound("Member not found.") : MemberApi.Boundary(caller, member, what);
    }

    /// <summary>The flow itself (debit, credit, undo on a refusing receiver) is <see cref="PointsTransferFlow"/>.</summary>
    public static async Task<Results<Ok<TransferReceipt>, ValidationProblem, ProblemHttpResult>> Transfer(
        string memberId, TransferBody body, ClaimsPrincipal user, IGrainFactory grains, PointsTransferFlow transfers)
    {
        var caller = Caller.From(user);
        var validation = new Validation().Id("transferId", body.TransferId).Id("toMemberId", body.ToMemberId);
        if (body.Points is not (> 0 and <= MaxPoints))
        {
            validation.Add("points", $"Between 1 and {MaxPoints}.");
        }
        if (body.ToMemberId == memberId)
        {
            validation.Add("toMemberId", "Points are given to another member.");
        }
        if (!validation.IsValid)
        {
            return Problems.Validation(validation.Errors);
        }
        var giver = await MemberApi.FindById(grains, memberId);
        if (giver is null)
        {
            return Problems.NotFound("Member not found.");
        }
        if (MemberApi.Boundary(caller, giver, "Transfers are made") is { } outside)
        {
            return outside;
        }
        if (await MemberApi.FindById(grains, body.ToMemberId!) is null)
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["toMemberId"] = ["No member has this id."] });
        }
        var (transferId, toMemberId, points) = (body.TransferId!, body.ToMemberId!, body.Points!.Value);
        var hash = PointsOperationCalls.Hash(new { memberId, toMemberId, points });
        var (debit, credit, refused) = await transfers.TransferAsync(new PointsTransfer(transferId, hash, memberId, toMemberId, points, caller.AsActor()));
        if (refused is not null)
        {
            return Problems.Of(refused, "The receiving member is not active; the points were given back to the giver.");
        }
        return TypedResults.Ok(new TransferReceipt(transferId, memberId, toMemberId, points, debit.PointsBalance,
            credit.PointsDelta, credit.PendingDelta, debit.At));
    }

    public static async Task<Results<Ok<PointsOperationResult>, ValidationProblem, ProblemHttpResult>> Adjust(
        string memberId, AdjustmentBody body, ClaimsPrincipal user, IGrainFactory grains, ILedgerStore storage, IProgramProvider programs,
        TimeProvider time)
    {
        var caller = Caller.From(user);
        var validation = new Validation().Id("adjustmentId", body.AdjustmentId).Require("reason", body.Reason?.Trim(), 200);
        if (body.Points is not { } points || points == 0 || Math.Abs(points) > MaxPoints)
        {
            validation.Add("points", $"A non-zero number of points, at most {MaxPoints} either way.");
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
        if (!caller.IsAdmin && !(caller.Role == Roles.Manager && caller.MayActFor(member.HomeStoreId)))
        {
            return Problems.Forbidden("Manual adjustments are made by the member's store manager or an admin.");
        }
        var limit = programs.Current.ManualAdjustmentLimit;
        if (!caller.IsAdmin && Math.Abs(body.Points!.Value) > limit)
        {
            return Problems.Forbidden($"A manager adjusts at most {limit} points at a time; larger adjustments are for an admin.");
        }
        var (adjustmentId, reason) = (body.AdjustmentId!, body.Reason!.Trim());
        var hash = PointsOperationCalls.Hash(new { points = body.Points, reason });
        Task<PointsOperationResult> Call() => PointsOperations.Once(
            () => grains.GetGrain<IMemberGrain>(memberId).AdjustPoints(new AdjustPoints(adjustmentId, hash, body.Points!.Value, reason, caller.AsActor())),
            storage, memberId, adjustmentId, hash);
        if (caller.IsAdmin)
        {
            return TypedResults.Ok(await Call());
        }
        // A manager's day has a cap too (manualAdjustmentDailyLimit), kept by one grain per manager key and program day so
        // parallel adjustments cannot pass it together. The allowance is taken first and given back if the member refuses.
        var program = programs.Current;
        var allowance = grains.GetGrain<IAdjustmentAllowanceGrain>(
            AdjustmentAllowanceGrain.KeyFor(caller.KeyId, ProgramCalendar.Today(program, time.GetUtcNow())));
        var reserved = await allowance.Reserve(new ReserveAllowance($"{memberId}/{adjustmentId}", body.Points!.Value, program.ManualAdjustmentDailyLimit));
        if (!reserved.Granted)
        {
            return Problems.Forbidden($"This manager key has adjusted {reserved.Used} of its {reserved.DailyLimit} points today " +
                "(manualAdjustmentDailyLimit); larger adjustments are for an admin.");
        }
        try
        {
            return TypedResults.Ok(await Call());
        }
        catch when (reserved.Reserved)
        {
            await allowance.Release(new ReleaseAllowance($"{memberId}/{adjustmentId}"));
            throw;
        }
    }

    /// <summary>Once per program day; a second check-in the same day answers the first without earning.</summary>
    public static async Task<Results<Ok<PointsOperationResult>, ProblemHttpResult>> CheckIn(
        string memberId, CheckInBody? body, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (await OwnMember(memberId, Caller.From(user), grains, "Check-ins are recorded") is { } problem)
        {
            return problem;
        }
        return TypedResults.Ok(await grains.GetGrain<IMemberGrain>(memberId).CheckIn(new CheckIn(Caller.From(user).AsActor())));
    }

    public static async Task<Results<Ok<PointsOperationResult>, ValidationProblem, ProblemHttpResult>> Review(
        string memberId, ReviewBody body, ClaimsPrincipal user, IGrainFactory grains, ILedgerStore storage)
    {
        var validation = new Validation().Id("reviewId", body.ReviewId).Optional("sku", body.Sku, 64);
        if (!validation.IsValid)
        {
            return Problems.Validation(validation.Errors);
        }
        if (await OwnMember(memberId, Caller.From(user), grains, "Reviews are credited") is { } problem)
        {
            return problem;
        }
        var hash = PointsOperationCalls.Hash(new { sku = body.Sku });
        var result = await PointsOperations.Once(
            () => grains.GetGrain<IMemberGrain>(memberId).CreditReview(new CreditReview(body.ReviewId!, hash, body.Sku, Caller.From(user).AsActor())),
            storage, memberId, $"review:{body.ReviewId}", hash);
        return TypedResults.Ok(result);
    }

    /// <summary>The flow itself (debit, stock, undo when out of stock, a coupon gift) is <see cref="GiftRedemptionFlow"/>.</summary>
    public static async Task<Results<Ok<RedemptionReceipt>, ValidationProblem, ProblemHttpResult>> Redeem(
        string memberId, RedemptionBody body, ClaimsPrincipal user, IGrainFactory grains, GiftRedemptionFlow redemptions)
    {
        var validation = new Validation().Id("redemptionId", body.RedemptionId).Id("catalogItemId", body.CatalogItemId);
        if (body.Quantity is not (> 0 and <= MaxGiftQuantity))
        {
            validation.Add("quantity", $"Between 1 and {MaxGiftQuantity}.");
        }
        var gift = validation.IsValid ? await redemptions.FindGiftAsync(body.CatalogItemId!) : null;
        if (validation.IsValid && gift is null)
        {
            validation.Add("catalogItemId", "No gift has this id.");
        }
        if (!validation.IsValid)
        {
            return Problems.Validation(validation.Errors);
        }
        if (await OwnMember(memberId, Caller.From(user), grains, "Gifts are redeemed") is { } problem)
        {
            return problem;
        }
        var (redemptionId, quantity) = (body.RedemptionId!, body.Quantity!.Value);
        var hash = PointsOperationCalls.Hash(new { catalogItemId = gift!.CatalogItemId, quantity });
        var (debit, refused) = await redemptions.RedeemAsync(new GiftRedemption(redemptionId, hash, memberId, gift, quantity, Caller.From(user).AsActor()));
        if (refused is not null)
        {
            return Problems.Of(refused, "The gift is out of stock; the points were given back.");
        }
        return TypedResults.Ok(new RedemptionReceipt(redemptionId, gift.CatalogItemId, quantity, -debit.PointsDelta, debit.PointsBalance, debit.At));
    }
}
