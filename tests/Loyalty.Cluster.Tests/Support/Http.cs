using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Loyalty.Cluster.Tests.Support;

/// <summary>The few API calls the cluster tests make, with their bodies as JSON.</summary>
public static class Http
{
    public const string Admin = "dev-admin";
    public const string Clerk = "dev-clerk-S001";
    public const string ManagerS001 = "dev-manager-S001";
    public const string ManagerS002 = "dev-manager-S002";

    public static async Task<JsonNode> Json(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} instead of {(int)expected}: {text}");
        return JsonNode.Parse(text)!;
    }

    public static async Task<string> RegisterMember(this HttpClient clerk, string phone, string? birthday = null)
    {
        var member = await (await clerk.PostAsJsonAsync("/api/v1/members",
            new { name = "Cluster " + phone[^4..], phone, homeStoreId = "S001", birthday })).Json(HttpStatusCode.Created);
        return member["memberId"]!.GetValue<string>();
    }

    public static object Basket(string checkoutId, string memberId, decimal unitPrice, string storeId = "S001", string? couponCode = null) => new
    {
        checkoutId,
        storeId,
        memberId,
        couponCode,
        lines = new[] { new { sku = "RICE", category = "grocery", quantity = 1, unitPrice } },
    };

    public static Task<HttpResponseMessage> Checkout(this HttpClient clerk, object basket) => clerk.PostAsJsonAsync("/api/v1/checkouts", basket);

    public static long Long(this JsonNode node, string name) => node[name]!.GetValue<long>();

    public static decimal Dec(this JsonNode node, string name) => node[name]!.GetValue<decimal>();

    public static string Str(this JsonNode node, string name) => node[name]!.GetValue<string>();
}
