using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Loyalty.Host.Tests.Support;
using static Loyalty.Host.Tests.Support.Api;

namespace Loyalty.Host.Tests;

/// <summary>Profiles (issue 13.1): PATCH changes only the fields sent, audited; the phone moves atomically; leaving.</summary>
public sealed class ProfileTests : IDisposable
{
    private readonly LoyaltyApp _app = new();

    public void Dispose() => _app.Dispose();

    private static Task<HttpResponseMessage> Patch(HttpClient client, string memberId, object body) =>
        client.PatchAsJsonAsync($"/api/v1/members/{memberId}", body);

    private async Task<JsonArray> Changes(HttpClient client, string memberId) =>
        (await (await client.GetAsync($"/api/v1/members/{memberId}/profile-changes")).Json(HttpStatusCode.OK))["changes"]!.AsArray();

    [Fact]
    public async Task Only_the_fields_sent_change_and_each_change_is_audited_with_who_and_old_and_new()
    {
        var member = await _app.Clerk.RegisterMember(name: "Wang Fang", phone: "13900000111", birthday: "1990-05-01");
        var id = member.Str("memberId");

        var changed = await (await Patch(_app.Manager, id, new { name = "Wang Fang Li", address = "1 Nanjing Rd", email = "wf@example.com",
            contactPreferences = new { sms = false } })).Json(HttpStatusCode.OK);

        Assert.Equal("Wang Fang Li", changed.Str("name"));
        Assert.Equal("13900000111", changed.Str("phone"));
        Assert.Equal("1990-05-01", changed.Str("birthday"));
        Assert.Equal("1 Nanjing Rd", changed.Str("address"));
        Assert.Equal("wf@example.com", changed.Str("email"));
        Assert.False(changed["contactPreferences"]!["sms"]!.GetValue<bool>());
        Assert.True(changed["contactPreferences"]!["app"]!.GetValue<bool>());

        var changes = await Changes(_app.Manager, id);
        Assert.Equal(["name", "address", "email", "contactPreferences"], changes.Select(c => c!.Str("field")));
        Assert.Equal("Wang Fang", changes[0]!.Str("from"));
        Assert.Equal("Wang Fang Li", changes[0]!.Str("to"));
        Assert.Null(changes[1]!["from"]);
        Assert.Equal("sms,email,app", changes[3]!.Str("from"));
        Assert.Equal("email,app", changes[3]!.Str("to"));
        // Who: the manager's key id (keys are recorded by id, never by secret), not the clerk's who registered the member.
        var clerkKey = changed["statusHistory"]![0]!.Str("by");
        Assert.All(changes, c => Assert.StartsWith("key-", c!.Str("by")));
        Assert.All(changes, c => Assert.NotEqual(clerkKey, c!.Str("by")));
        Assert.Single(changes.Select(c => c!.Str("by")).Distinct());
        Assert.All(changes, c => Assert.Equal(LoyaltyApp.DefaultNow, c!["at"]!.GetValue<DateTimeOffset>()));

        // One ledger row names the fields, never their values.
        var row = (await _app.Manager.Ledger(id)).Single(e => e!.Str("kind") == "profile")!;
        Assert.DoesNotContain("Wang", row.Str("data"));
        Assert.Contains("address", row.Str("data"));

        // Sending the same values again changes nothing and records nothing.
        await (await Patch(_app.Manager, id, new { name = "Wang Fang Li" })).Json(HttpStatusCode.OK);
        Assert.Equal(4, (await Changes(_app.Manager, id)).Count);
    }

    [Fact]
    public async Task A_new_phone_moves_the_index_so_the_old_number_is_free_and_the_new_one_finds_the_member()
    {
        var a = (await _app.Clerk.RegisterMember(name: "Li Lei", phone: "13900000221")).Str("memberId");

        var changed = await (await Patch(_app.Clerk, a, new { phone = "+86 139 0000 0222" })).Json(HttpStatusCode.OK);

        Assert.Equal("139****0222", changed.Str("phone"));
        await (await _app.Clerk.GetAsync("/api/v1/members?phone=13900000221&name=Li%20Lei")).Problem(HttpStatusCode.NotFound, "not_found");
        var found = await (await _app.Clerk.GetAsync("/api/v1/members?phone=13900000222&name=Li%20Lei")).Json(HttpStatusCode.OK);
        Assert.Equal(a, found.Str("memberId"));
        // The old number is free for someone else; the new one is not.
        await _app.Clerk.RegisterMember(name: "Han Meimei", phone: "13900000221");
        var response = await _app.Clerk.PostAsJsonAsync("/api/v1/members", new { name = "Other", phone = "13900000222" });
        await response.Problem(HttpStatusCode.Conflict, "phone_taken");

        // Clerks read the audit with masked numbers, managers in full.
        var masked = (await Changes(_app.Clerk, a)).Single()!;
        Assert.Equal(("139****0221", "139****0222"), (masked.Str("from"), masked.Str("to")));
        var full = (await Changes(_app.Manager, a)).Single()!;
        Assert.Equal(("13900000221", "13900000222"), (full.Str("from"), full.Str("to")));
    }

    [Fact]
    public async Task A_phone_held_by_another_member_is_refused_and_nothing_changes()
    {
        var a = (await _app.Clerk.RegisterMember(name: "A", phone: "13900000331")).Str("memberId");
        await _app.Clerk.RegisterMember(name: "B", phone: "13900000332");

        await (await Patch(_app.Manager, a, new { phone = "13900000332", name = "A2" })).Problem(HttpStatusCode.Conflict, "phone_taken");

        var member = await _app.Manager.Member(a);
        Assert.Equal(("A", "13900000331"), (member.Str("name"), member.Str("phone")));
        Assert.Empty(await Changes(_app.Manager, a));
    }

    [Fact]
    public async Task The_birthday_changes_at_most_once_in_twelve_months()
    {
        var id = (await _app.Clerk.RegisterMember(birthday: "1990-05-01")).Str("memberId");
        // 2026-06-15: first change allowed.
        await (await Patch(_app.Clerk, id, new { birthday = "1990-06-20" })).Json(HttpStatusCode.OK);

        // 2027-06-14 is inside the 12 months from 2026-06-15: refused, birthday unchanged.
        _app.Time.SetUtcNow(DateTimeOffset.Parse("2027-06-14T02:00:00Z"));
        var problem = await (await Patch(_app.Clerk, id, new { birthday = "1990-06-21", name = "Changed" })).Problem(HttpStatusCode.Conflict, "birthday_change_limited");
        Assert.Contains("2027-06-15", problem.Str("detail"));
        var member = await _app.Clerk.Member(id);
        Assert.Equal(("1990-06-20", "Test Member"), (member.Str("birthday"), member.Str("name")));

        // 2027-06-15: allowed again.
        _app.Time.SetUtcNow(DateTimeOffset.Parse("2027-06-15T02:00:00Z"));
        var changed = await (await Patch(_app.Clerk, id, new { birthday = "1990-06-21" })).Json(HttpStatusCode.OK);
        Assert.Equal("1990-06-21", changed.Str("birthday"));
    }

    [Fact]
    public async Task With_birthdayChangeMonths_0_the_birthday_may_change_any_time()
    {
        await _app.ChangeProgram(new { birthdayChangeMonths = 0 });
        var id = (await _app.Clerk.RegisterMember(birthday: "1990-05-01")).Str("memberId");
        await (await Patch(_app.Clerk, id, new { birthday = "1990-06-20" })).Json(HttpStatusCode.OK);
        var again = await (await Patch(_app.Clerk, id, new { birthday = "1990-06-21" })).Json(HttpStatusCode.OK);
        Assert.Equal("1990-06-21", again.Str("birthday"));
    }

    [Fact]
    public async Task Bad_fields_are_a_validation_problem_and_another_stores_staff_are_refused()
    {
        var id = (await _app.Clerk.RegisterMember()).Str("memberId");
        var problem = await (await Patch(_app.Clerk, id, new { email = "not-an-address", phone = "12ab", birthday = "2030-01-01" }))
            .Problem(HttpStatusCode.BadRequest, "validation");
        Assert.NotNull(problem["errors"]!["email"]);
        Assert.NotNull(problem["errors"]!["phone"]);
        Assert.NotNull(problem["errors"]!["birthday"]);
        await (await Patch(_app.Clerk, id, new { nickname = "x" })).Problem(HttpStatusCode.BadRequest, "validation");
        await (await Patch(_app.Client(Keys.ClerkS002), id, new { name = "X" })).Problem(HttpStatusCode.Forbidden, "forbidden");
        Assert.Empty(await Changes(_app.Manager, id));
    }

    [Fact]
    public async Task A_member_may_leave_at_their_own_request_and_is_then_cancelled()
    {
        var (id, card) = await _app.Clerk.MemberWithCard();

        var left = await (await _app.Clerk.PostAsJsonAsync($"/api/v1/members/{id}/leave", new { note = "moving away" })).Json(HttpStatusCode.OK);

        Assert.Equal("cancelled", left.Str("status"));
        var last = left["statusHistory"]!.AsArray()[^1]!;
        Assert.Equal("member's own request: moving away", last.Str("reason"));
        Assert.True(last["ownRequest"]!.GetValue<bool>());
        Assert.Equal(left["statusHistory"]![0]!.Str("by"), last.Str("by"));
        await (await _app.Clerk.Checkout(Basket("after-leave", card, Line("A", 1, 10m)))).Problem(HttpStatusCode.Conflict, "member_cancelled");
        await (await Patch(_app.Clerk, id, new { name = "X" })).Problem(HttpStatusCode.Conflict, "member_cancelled");
    }
}
