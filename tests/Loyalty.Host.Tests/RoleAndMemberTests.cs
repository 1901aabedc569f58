using System.Net;
using System.Net.Http.Json;
using Loyalty.Host.Tests.Support;
using static Loyalty.Host.Tests.Support.Api;

namespace Loyalty.Host.Tests;

/// <summary>API keys and roles; registering and finding members; OpenAPI and health.</summary>
public sealed class RoleAndMemberTests : IDisposable
{
    private readonly LoyaltyApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task No_key_or_an_unknown_key_is_unauthorized()
    {
        var anonymous = _app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/members/M1")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.Client("not-a-key").GetAsync("/api/v1/members/M1")).StatusCode);
    }

    [Fact]
    public async Task A_clerk_of_S001_cannot_check_out_for_S002_and_nothing_changes()
    {
        var (memberId, card) = await _app.Clerk.MemberWithCard();

        var response = await _app.Clerk.Checkout(new { checkoutId = "x-store", storeId = "S002", cardNumber = card, lines = new[] { Line("A", 1, 10m) } });

        await response.Problem(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(0, (await _app.Clerk.Member(memberId)).Available());
        var admin = await _app.Admin.CheckoutOk(new { checkoutId = "x-store", storeId = "S002", cardNumber = card, lines = new[] { Line("A", 1, 10m) } });
        Assert.Equal("S002", admin.Str("storeId"));
    }

    [Fact]
    public async Task Clerks_see_masked_phones_and_managers_see_them_whole()
    {
        var member = await _app.Manager.RegisterMember("Sun Li", "13812345678");
        var memberId = member.Str("memberId");
        Assert.Equal("13812345678", member.Str("phone"));

        Assert.Equal("138****5678", (await _app.Clerk.Member(memberId)).Str("phone"));
        Assert.Equal("138****5678", (await _app.Client(Keys.ClerkS002).Member(memberId)).Str("phone"));
        Assert.Equal("13812345678", (await _app.Admin.Member(memberId)).Str("phone"));
        var found = await (await _app.Clerk.GetAsync("/api/v1/members?phone=13812345678&name=Sun%20Li")).Json(HttpStatusCode.OK);
        Assert.Equal(memberId, found.Str("memberId"));
        Assert.Equal("138****5678", found.Str("phone"));
    }

    [Fact]
    public async Task A_phone_number_belongs_to_one_member()
    {
        await _app.Clerk.RegisterMember("Qian Yu", "13700000001");

        var again = await _app.Clerk.PostAsJsonAsync("/api/v1/members", new { name = "Someone Else", phone = "137 0000 0001" });

        await again.Problem(HttpStatusCode.Conflict, "phone_taken");
    }

    [Fact]
    public async Task Finding_by_phone_needs_the_right_name()
    {
        await _app.Clerk.RegisterMember("Zhou Xun", "13700000002");

        await (await _app.Clerk.GetAsync("/api/v1/members?phone=13700000002&name=Wrong")).Problem(HttpStatusCode.NotFound, "not_found");
        await (await _app.Clerk.GetAsync("/api/v1/members?phone=13700000002")).Problem(HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task A_clerk_registers_members_for_their_own_store_only()
    {
        var own = await _app.Clerk.RegisterMember("Wu Di");
        Assert.Equal("S001", own.Str("homeStoreId"));

        var other = await _app.Clerk.PostAsJsonAsync("/api/v1/members", new { name = "Wu Di", phone = NewPhone(), homeStoreId = "S002" });

        await other.Problem(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task The_ledger_lists_newest_first_and_pages_with_before()
    {
        var (memberId, card) = await _app.Clerk.MemberWithCard();
        for (var i = 1; i <= 5; i++)
        {
            await _app.Clerk.CheckoutOk(Basket($"page-{i}", card, Line("A", i, 10m)));
        }

        var page = await (await _app.Clerk.GetAsync($"/api/v1/members/{memberId}/ledger?limit=2")).Json(HttpStatusCode.OK);
        var entries = page["entries"]!.AsArray();
        Assert.Equal(["page-5", "page-4"], entries.Select(e => e!.Str("operationId")));
        var next = await (await _app.Clerk.GetAsync($"/api/v1/members/{memberId}/ledger?limit=2&before={page.Long("nextBefore")}")).Json(HttpStatusCode.OK);
        Assert.Equal(["page-3", "page-2"], next["entries"]!.AsArray().Select(e => e!.Str("operationId")));
        Assert.Equal(9 + 19 + 28 + 38 + 47, entries[0]!.Long("pointsAfter"));
    }

    [Fact]
    public async Task The_openapi_document_and_health_endpoints_answer()
    {
        var client = _app.CreateClient();
        var openApi = await client.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/v1/checkouts", openApi);
        Assert.Contains("/api/v1/members/{memberId}", openApi);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }
}
