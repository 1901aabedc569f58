using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Loyalty.Host.Tests.Support;
using static Loyalty.Host.Tests.Support.Api;

namespace Loyalty.Host.Tests;

/// <summary>Approvals (issue 13.2): applications, reserved card issues and replacements wait per store; nothing happens before approval.</summary>
public sealed class ApprovalTests : IDisposable
{
    private readonly LoyaltyApp _app = new();

    public void Dispose() => _app.Dispose();

    private static Task<HttpResponseMessage> Approve(HttpClient client, string requestId, string store = "S001") =>
        client.PostAsJsonAsync($"/api/v1/stores/{store}/approvals/{requestId}/approve", new { note = "ok" });

    private static Task<HttpResponseMessage> Reject(HttpClient client, string requestId, string reason) =>
        client.PostAsJsonAsync($"/api/v1/stores/S001/approvals/{requestId}/reject", new { reason });

    private async Task<JsonArray> Notifications() =>
        (await (await _app.Admin.GetAsync("/api/v1/notifications?limit=100")).Json(HttpStatusCode.OK))["notifications"]!.AsArray();

    [Fact]
    public async Task A_membership_application_waits_for_the_store_manager_and_the_member_exists_only_once_approved()
    {
        await _app.ChangeProgram(new { membershipApproval = true });

        var pending = await (await _app.Clerk.PostAsJsonAsync("/api/v1/members", new { name = "Zhao Min", phone = "13900000441" })).Json(HttpStatusCode.Accepted);

        Assert.Equal(("membership", "pending", 1), (pending.Str("kind"), pending.Str("status"), pending["stepsNeeded"]!.GetValue<int>()));
        Assert.Equal("139****0441", pending["subject"]!.Str("phone"));
        var memberId = pending["subject"]!.Str("memberId");
        var requestId = pending.Str("requestId");
        await (await _app.Manager.GetAsync($"/api/v1/members/{memberId}")).Problem(HttpStatusCode.NotFound, "not_found");
        // The phone is held for the application.
        await (await _app.Clerk.PostAsJsonAsync("/api/v1/members", new { name = "Other", phone = "13900000441" })).Problem(HttpStatusCode.Conflict, "phone_taken");

        // The store's pending work: its manager (full phone) and admins; not clerks, not another store's manager.
        var list = await (await _app.Manager.GetAsync("/api/v1/stores/S001/approvals")).Json(HttpStatusCode.OK);
        var listed = Assert.Single(list["requests"]!.AsArray())!;
        Assert.Equal((requestId, "13900000441"), (listed.Str("requestId"), listed["subject"]!.Str("phone")));
        await (await _app.Clerk.GetAsync("/api/v1/stores/S001/approvals")).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await _app.Client(Keys.ManagerS002).GetAsync("/api/v1/stores/S001/approvals")).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await Approve(_app.Client(Keys.ManagerS002), requestId)).Problem(HttpStatusCode.Forbidden, "forbidden");
        Assert.Empty((await (await _app.Client(Keys.ManagerS002).GetAsync("/api/v1/stores/S002/approvals")).Json(HttpStatusCode.OK))["requests"]!.AsArray());

        var approved = await (await Approve(_app.Manager, requestId)).Json(HttpStatusCode.OK);

        Assert.Equal(("approved", memberId), (approved.Str("status"), approved.Str("result")));
        var member = await _app.Manager.Member(memberId);
        Assert.Equal(("Zhao Min", "13900000441", "S001", "active"), (member.Str("name"), member.Str("phone"), member.Str("homeStoreId"), member.Str("status")));
        var notice = Assert.Single(await Notifications(), n => n!.Str("memberId") == memberId)!;
        Assert.Equal("application_approved", notice.Str("kind"));
        Assert.Empty((await (await _app.Manager.GetAsync("/api/v1/stores/S001/approvals")).Json(HttpStatusCode.OK))["requests"]!.AsArray());
        // Approving again answers the decision; rejecting now is refused.
        Assert.Equal("approved", (await (await Approve(_app.Manager, requestId)).Json(HttpStatusCode.OK)).Str("status"));
        await (await Reject(_app.Manager, requestId, "late")).Problem(HttpStatusCode.Conflict, "approval_decided");
    }

    [Fact]
    public async Task A_rejected_application_frees_the_phone_notifies_and_creates_no_member()
    {
        await _app.ChangeProgram(new { membershipApproval = true });
        var pending = await (await _app.Clerk.PostAsJsonAsync("/api/v1/members", new { name = "Qian Yi", phone = "13900000451" })).Json(HttpStatusCode.Accepted);
        var memberId = pending["subject"]!.Str("memberId");

        var rejected = await (await Reject(_app.Manager, pending.Str("requestId"), "incomplete form")).Json(HttpStatusCode.OK);

        Assert.Equal("rejected", rejected.Str("status"));
        Assert.Equal("incomplete form", rejected["steps"]![0]!.Str("note"));
        await (await _app.Manager.GetAsync($"/api/v1/members/{memberId}")).Problem(HttpStatusCode.NotFound, "not_found");
        var notice = Assert.Single(await Notifications(), n => n!.Str("memberId") == memberId)!;
        Assert.Equal("application_rejected", notice.Str("kind"));
        await (await Approve(_app.Manager, pending.Str("requestId"))).Problem(HttpStatusCode.Conflict, "approval_decided");
        // A manager registers directly (their registration is the approval), and the phone is free again.
        await _app.Manager.RegisterMember(name: "Qian Yi", phone: "13900000451");
    }

    [Fact]
    public async Task A_reserved_card_type_issued_by_a_clerk_waits_for_the_manager()
    {
        await _app.ChangeProgram(new { cardTypesNeedingApproval = new[] { "storedValue" } });
        var memberId = (await _app.Clerk.RegisterMember()).Str("memberId");
        await _app.Clerk.IssueCard(memberId, "7100000000000001");

        var pending = await (await _app.Clerk.PostAsJsonAsync("/api/v1/cards", new { memberId, cardNumber = "7100000000000002", type = "storedValue" }))
            .Json(HttpStatusCode.Accepted);

        Assert.Equal(("cardIssue", "7100000000000002"), (pending.Str("kind"), pending["subject"]!.Str("cardNumber")));
        await (await _app.Clerk.GetAsync("/api/v1/cards/7100000000000002")).Problem(HttpStatusCode.NotFound, "not_found");
        Assert.Equal(["7100000000000001"], (await _app.Clerk.Member(memberId))["cards"]!.AsArray().Select(c => c!.GetValue<string>()));
        // The clerk may follow the request but not approve it.
        Assert.Equal("pending", (await (await _app.Clerk.GetAsync($"/api/v1/stores/S001/approvals/{pending.Str("requestId")}")).Json(HttpStatusCode.OK)).Str("status"));
        await (await Approve(_app.Clerk, pending.Str("requestId"))).Problem(HttpStatusCode.Forbidden, "forbidden");

        var approved = await (await Approve(_app.Manager, pending.Str("requestId"))).Json(HttpStatusCode.OK);

        Assert.Equal(("approved", "7100000000000002"), (approved.Str("status"), approved.Str("result")));
        var card = await (await _app.Clerk.GetAsync("/api/v1/cards/7100000000000002")).Json(HttpStatusCode.OK);
        Assert.Equal(("storedValue", memberId), (card.Str("type"), card.Str("memberId")));
        // A manager's own issue is not held.
        await _app.Manager.IssueCard(memberId, "7100000000000003", type: "storedValue");
    }

    [Fact]
    public async Task A_lost_card_replacement_needs_the_store_manager_then_a_chain_supervisor()
    {
        await _app.ChangeProgram(new { replacementApproval = true });
        var (memberId, card) = await _app.Clerk.MemberWithCard(type: "storedValue");
        await (await _app.Clerk.PostAsJsonAsync($"/api/v1/cards/{card}/top-ups", new { topUpId = "t1", amount = 200m })).Json(HttpStatusCode.OK);
        await (await _app.Clerk.PostAsync($"/api/v1/cards/{card}/lost", null)).Json(HttpStatusCode.OK);

        var pending = await (await _app.Clerk.PostAsJsonAsync($"/api/v1/cards/{card}/replace", new { newCardNumber = "7200000000000001" })).Json(HttpStatusCode.Accepted);
        var requestId = pending.Str("requestId");
        Assert.Equal(("cardReplacement", 2), (pending.Str("kind"), pending["stepsNeeded"]!.GetValue<int>()));
        // Asking again answers the same pending request.
        var again = await (await _app.Clerk.PostAsJsonAsync($"/api/v1/cards/{card}/replace", new { })).Json(HttpStatusCode.Accepted);
        Assert.Equal(requestId, again.Str("requestId"));

        var first = await (await Approve(_app.Manager, requestId)).Json(HttpStatusCode.OK);
        Assert.Equal(("pending", 1), (first.Str("status"), first["steps"]!.AsArray().Count));
        Assert.Equal("lost", (await (await _app.Clerk.GetAsync($"/api/v1/cards/{card}")).Json(HttpStatusCode.OK)).Str("status"));
        await (await _app.Clerk.GetAsync("/api/v1/cards/7200000000000001")).Problem(HttpStatusCode.NotFound, "not_found");
        // The second step is a chain supervisor's, not the store manager's.
        await (await Approve(_app.Manager, requestId)).Problem(HttpStatusCode.Forbidden, "forbidden");

        var done = await (await Approve(_app.Admin, requestId)).Json(HttpStatusCode.OK);

        Assert.Equal(("approved", "7200000000000001"), (done.Str("status"), done.Str("result")));
        var replacement = await (await _app.Clerk.GetAsync("/api/v1/cards/7200000000000001")).Json(HttpStatusCode.OK);
        Assert.Equal(("active", memberId, 200m), (replacement.Str("status"), replacement.Str("memberId"), replacement["storedValue"]!.Dec("paid")));
        Assert.Equal("replaced", (await (await _app.Clerk.GetAsync($"/api/v1/cards/{card}")).Json(HttpStatusCode.OK)).Str("status"));
    }

    [Fact]
    public async Task One_admin_cannot_give_both_steps_of_a_replacement()
    {
        await _app.ChangeProgram(new { replacementApproval = true });
        var (_, card) = await _app.Clerk.MemberWithCard();
        await _app.Clerk.PostAsync($"/api/v1/cards/{card}/lost", null);
        var requestId = (await (await _app.Clerk.PostAsJsonAsync($"/api/v1/cards/{card}/replace", new { })).Json(HttpStatusCode.Accepted)).Str("requestId");

        await (await Approve(_app.Admin, requestId)).Json(HttpStatusCode.OK);

        await (await Approve(_app.Admin, requestId)).Problem(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal("lost", (await (await _app.Clerk.GetAsync($"/api/v1/cards/{card}")).Json(HttpStatusCode.OK)).Str("status"));
    }

    [Fact]
    public async Task An_approved_request_that_cannot_be_carried_out_stays_ready_and_can_be_rejected()
    {
        await _app.ChangeProgram(new { cardTypesNeedingApproval = new[] { "storedValue" } });
        var memberId = (await _app.Clerk.RegisterMember()).Str("memberId");
        var requestId = (await (await _app.Clerk.PostAsJsonAsync("/api/v1/cards", new { memberId, cardNumber = "7100000000000009", type = "storedValue" }))
            .Json(HttpStatusCode.Accepted)).Str("requestId");
        // Meanwhile the number is given to another card.
        await _app.Manager.IssueCard(memberId, "7100000000000009");

        await (await Approve(_app.Manager, requestId)).Problem(HttpStatusCode.Conflict, "card_number_taken");

        var stuck = await (await _app.Manager.GetAsync($"/api/v1/stores/S001/approvals/{requestId}")).Json(HttpStatusCode.OK);
        Assert.Equal(("pending", true), (stuck.Str("status"), stuck["readyToCarryOut"]!.GetValue<bool>()));
        var rejected = await (await Reject(_app.Manager, requestId, "number taken")).Json(HttpStatusCode.OK);
        Assert.Equal(("rejected", 2), (rejected.Str("status"), rejected["steps"]!.AsArray().Count));
        Assert.Equal("standard", (await (await _app.Clerk.GetAsync("/api/v1/cards/7100000000000009")).Json(HttpStatusCode.OK)).Str("type"));
    }
}
