using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Loyalty.Domain;
using Loyalty.Grains.Program;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Host.Tests.Support;

/// <summary>Calls for the points extras (transfers, adjustments, earning, redemptions, merge), so tests read as store actions.</summary>
public static class PointsApi
{
    public static Task<HttpResponseMessage> Transfer(this HttpClient client, string from, string transferId, string to, long points) =>
        client.PostAsJsonAsync($"/api/v1/members/{from}/transfers", new { transferId, toMemberId = to, points });

    public static Task<HttpResponseMessage> Adjust(this HttpClient client, string memberId, string adjustmentId, long points, string? reason = "goodwill") =>
        client.PostAsJsonAsync($"/api/v1/members/{memberId}/adjustments", new { adjustmentId, points, reason });

    /// <summary>Gives a member points by an admin adjustment (no limit).</summary>
    public static async Task Grant(this LoyaltyApp app, string memberId, long points) =>
        await (await app.Admin.Adjust(memberId, $"grant-{Guid.NewGuid():N}", points)).Json(HttpStatusCode.OK);

    public static Task<HttpResponseMessage> CheckIn(this HttpClient client, string memberId) =>
        client.PostAsJsonAsync($"/api/v1/members/{memberId}/check-ins", new { });

    public static Task<HttpResponseMessage> Review(this HttpClient client, string memberId, string reviewId, string? sku = null) =>
        client.PostAsJsonAsync($"/api/v1/members/{memberId}/reviews", new { reviewId, sku });

    public static Task<HttpResponseMessage> Redeem(this HttpClient client, string memberId, string redemptionId, string catalogItemId, int quantity) =>
        client.PostAsJsonAsync($"/api/v1/members/{memberId}/redemptions", new { redemptionId, catalogItemId, quantity });

    public static Task<HttpResponseMessage> Merge(this HttpClient client, string survivor, string duplicate, string mergeId) =>
        client.PostAsJsonAsync($"/api/v1/members/{survivor}/merge", new { duplicateMemberId = duplicate, mergeId });

    public static async Task<string> NewMemberId(this HttpClient client, string? homeStoreId = null) =>
        (await client.RegisterMember(homeStoreId: homeStoreId)).Str("memberId");

    /// <summary>Replaces the program settings in force (as an admin's program change would).</summary>
    public static void Program(this LoyaltyApp app, Func<ProgramSettings, ProgramSettings> change)
    {
        var provider = app.Services.GetRequiredService<ProgramProvider>();
        provider.Replace(change(provider.Current));
    }

    /// <summary>Sum of the points deltas of a member's ledger: must equal the available balance.</summary>
    public static long LedgerPoints(this JsonArray ledger) => ledger.Sum(e => e!.Long("pointsDelta"));
}
