using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Loyalty.Host.Tests.Support;

/// <summary>Builders and calls for the HTTP contract, so tests read as store actions.</summary>
public static class Api
{
    private static int _phones = 1000;

    public static string NewPhone() => "139" + Interlocked.Increment(ref _phones).ToString("D8");

    public static async Task<JsonObject> RegisterMember(this HttpClient client, string name = "Test Member", string? phone = null,
        string? birthday = null, string? homeStoreId = null)
    {
        var response = await client.PostAsJsonAsync("/api/v1/members", new { name, phone = phone ?? NewPhone(), birthday, homeStoreId });
        return await response.Json(HttpStatusCode.Created);
    }

    public static async Task<JsonObject> IssueCard(this HttpClient client, string memberId, string? cardNumber = null, string type = "standard")
    {
        var response = await client.PostAsJsonAsync("/api/v1/cards", new { memberId, cardNumber, type });
        return await response.Json(HttpStatusCode.Created);
    }

    /// <summary>A member with a card: (memberId, cardNumber).</summary>
    public static async Task<(string MemberId, string CardNumber)> MemberWithCard(this HttpClient client, string? birthday = null, string type = "standard")
    {
        var member = await client.RegisterMember(birthday: birthday);
        var memberId = member.Str("memberId");
        var card = await client.IssueCard(memberId, type: type);
        return (memberId, card.Str("cardNumber"));
    }

    public static object Line(string sku, decimal quantity, decimal unitPrice, string category = "grocery", bool specialPrice = false) =>
        new { sku, category, quantity, unitPrice, specialPrice };

    public static object Basket(string checkoutId, string cardNumber, params object[] lines) =>
        new { checkoutId, storeId = "S001", cardNumber, lines };

    public static Task<HttpResponseMessage> Checkout(this HttpClient client, object body) =>
        client.PostAsJsonAsync("/api/v1/checkouts", body);

    public static async Task<JsonObject> CheckoutOk(this HttpClient client, object body) =>
        await (await client.Checkout(body)).Json(HttpStatusCode.OK);

    public static async Task<JsonObject> Member(this HttpClient client, string memberId) =>
        await (await client.GetAsync($"/api/v1/members/{memberId}")).Json(HttpStatusCode.OK);

    public static async Task<JsonArray> Ledger(this HttpClient client, string memberId, int limit = 500) =>
        (await (await client.GetAsync($"/api/v1/members/{memberId}/ledger?limit={limit}")).Json(HttpStatusCode.OK))["entries"]!.AsArray();

    public static async Task<JsonObject> Json(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Asserts a ProblemDetails with the status and stable code of api.md.</summary>
    public static async Task<JsonObject> Problem(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status} {code}, got {(int)response.StatusCode}: {text}");
        Assert.StartsWith("application/problem+json", response.Content.Headers.ContentType?.ToString());
        var problem = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(code, problem.Str("code"));
        return problem;
    }

    /// <summary>Puts a gift in the catalogue (admin), as the gift catalogue API does.</summary>
    public static async Task DefineGift(this LoyaltyApp app, string catalogItemId, string name, long pointsPrice, int stock) =>
        await (await app.Admin.PostAsJsonAsync("/api/v1/catalog", new { catalogItemId, name, pointsPrice, stock })).Json(HttpStatusCode.Created);

    public static async Task<int> StockOf(this LoyaltyApp app, string catalogItemId) =>
        (await (await app.Admin.GetAsync($"/api/v1/catalog/{catalogItemId}")).Json(HttpStatusCode.OK))["stock"]!.GetValue<int>();

    public static string Str(this JsonNode node, string name) => node[name]!.GetValue<string>();

    public static decimal Dec(this JsonNode node, string name) => node[name]!.GetValue<decimal>();

    public static long Long(this JsonNode node, string name) => node[name]!.GetValue<long>();

    public static long Available(this JsonObject member) => member["points"]!.Long("available");

    public static string Serialize(object value) => JsonSerializer.Serialize(value);
}
