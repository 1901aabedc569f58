using System.Security.Claims;
using Loyalty.Domain.Reports;
using Loyalty.Grains;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Outreach;
using Loyalty.Grains.Program;
using Loyalty.Host.Auth;
using Loyalty.Host.Infrastructure;
using Loyalty.Host.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loyalty.Host.Apis;

public sealed record OutreachSegmentBody(string? Tier, string? RfmSegment, int? BirthdayMonth, string? HomeStoreId);

public sealed record CouponOutreachBody(string? JobId, string? TemplateId, OutreachSegmentBody? Segment);

/// <summary>
/// Outreach (精准营销): a coupon template issued to a segment of members (tier, RFM segment, birthday month, home store)
/// as one job with an id: started once (the same id and body again answers it and resumes it if it stopped), run in
/// batches in the background, its progress read with GET. Admins reach the chain; a manager only their own store's members.
/// </summary>
public static class OutreachApi
{
    public static RouteGroupBuilder MapOutreachApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/outreach/coupon-jobs").RequireAuthorization().WithTags("Outreach");
        group.MapPost("/", StartCouponOutreach).WithName(nameof(StartCouponOutreach))
            .Errors(ErrorCodes.Validation, ErrorCodes.IdempotencyMismatch, ErrorCodes.Conflict);
        group.MapGet("/{jobId}", GetCouponOutreach).WithName(nameof(GetCouponOutreach)).Errors(ErrorCodes.NotFound);
        return group;
    }

    public static async Task<Results<Accepted<CouponOutreachView>, ValidationProblem, ProblemHttpResult>> StartCouponOutreach(
        CouponOutreachBody body, ClaimsPrincipal user, IGrainFactory grains, ICouponTemplates templates, IProgramProvider programs,
        StoreDirectory stores, CouponOutreachRunner runner)
    {
        var segment = body.Segment ?? new OutreachSegmentBody(null, null, null, null);
        var validation = new Validation().Id("jobId", body.JobId).Id("templateId", body.TemplateId);
        if (validation.IsValidField("templateId") && templates.Find(body.TemplateId!) is null)
        {
            validation.Add("templateId", "No coupon template has this id.");
        }
        if (segment.Tier is { } tier && !programs.Current.HasTier(tier))
        {
            validation.Add("segment.tier", "Not a tier of the program.");
        }
        if (segment.RfmSegment is { } rfm && !Rfm.Segments.Contains(rfm))
        {
            validation.Add("segment.rfmSegment", $"One of {string.Join(", ", Rfm.Segments)}.");
        }
        if (segment.BirthdayMonth is < 1 or > 12)
        {
            validation.Add("segment.birthdayMonth", "A month from 1 to 12.");
        }
        if (segment.HomeStoreId is { } store && !stores.IsKnown(store))
        {
            validation.Add("segment.homeStoreId", "Not a store of the chain (Loyalty:Stores).");
        }
        if (!validation.IsValid)
        {
            return Problems.Validation(validation.Errors);
        }
        var caller = Caller.From(user);
        if (!caller.IsAdmin && !(caller.Role == Roles.Manager && segment.HomeStoreId == caller.StoreId))
        {
            return Problems.Forbidden(caller.Role == Roles.Manager
                ? "A manager reaches the members of their own store: set segment.homeStoreId to it."
                : "Outreach jobs are started by managers and the chain.");
        }
        var spec = new OutreachSegment(segment.Tier, segment.RfmSegment, segment.BirthdayMonth, segment.HomeStoreId);
        var hash = Canonical.Hash(new { templateId = body.TemplateId, segment.Tier, segment.RfmSegment, segment.BirthdayMonth, segment.HomeStoreId });
        // Listed as running before it starts, so a host that stops at any point after this resumes it.
        await runner.Track(body.JobId!);
        var job = await grains.GetGrain<ICouponOutreachGrain>(body.JobId!).Start(new StartCouponOutreach(body.TemplateId!, spec, hash, caller.AsActor()));
        runner.Start(job.JobId);
        return TypedResults.Accepted($"/api/v1/outreach/coupon-jobs/{job.JobId}", job);
    }

    public static async Task<Results<Ok<CouponOutreachView>, ProblemHttpResult>> GetCouponOutreach(
        string jobId, ClaimsPrincipal user, IGrainFactory grains)
    {
        var caller = Caller.From(user);
        if (!caller.IsManagerOrAdmin)
        {
            return Problems.Forbidden("Outreach jobs are read by managers and the chain.");
        }
        var job = await grains.GetGrain<ICouponOutreachGrain>(jobId).Get(new GetCouponOutreach());
        if (job is null)
        {
            return Problems.NotFound("No outreach job has this id.");
        }
        if (!caller.IsAdmin && job.Segment.HomeStoreId != caller.StoreId)
        {
            return Problems.Forbidden("A manager reads the outreach jobs of their own store.");
        }
        return TypedResults.Ok(job);
    }
}
