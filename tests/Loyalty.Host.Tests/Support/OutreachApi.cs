using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Loyalty.Host.Tests.Support;

/// <summary>Calls for coupon outreach jobs, so tests read as a marketing manager's actions.</summary>
public static class OutreachApi
{
    public static Task<HttpResponseMessage> StartOutreach(this HttpClient client, string jobId, string templateId, object segment) =>
        client.PostAsJsonAsync("/api/v1/outreach/coupon-jobs", new { jobId, templateId, segment });

    public static async Task<JsonObject> Outreach(this HttpClient client, string jobId) =>
        await (await client.GetAsync($"/api/v1/outreach/coupon-jobs/{jobId}")).Json(HttpStatusCode.OK);

    /// <summary>Waits until the job says it is completed (it runs in the background) and answers it.</summary>
    public static async Task<JsonObject> OutreachCompleted(this HttpClient client, string jobId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var job = await client.Outreach(jobId);
            if (job.Str("status") == "completed")
            {
                return job;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Outreach job {jobId} did not complete: {job.ToJsonString()}");
            }
            await Task.Delay(5);
        }
    }

    public static async Task<JsonArray> CouponsOf(this HttpClient client, string memberId) =>
        (await (await client.GetAsync($"/api/v1/members/{memberId}/coupons?includeUsed=true")).Json(HttpStatusCode.OK))["coupons"]!.AsArray();

    public static async Task DefineTemplate(this LoyaltyApp app, string templateId) =>
        await (await app.Admin.PostAsJsonAsync("/api/v1/coupon-templates",
            new { templateId, name = "20 off 200", kind = "amountOff", amount = 20m, minSpend = 200m, validDays = 30 })).Json(HttpStatusCode.Created);
}
