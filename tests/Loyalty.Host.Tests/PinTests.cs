using System.Net;
using System.Net.Http.Json;
using Loyalty.Host.Tests.Support;
using static Loyalty.Host.Tests.Support.Api;

namespace Loyalty.Host.Tests;

/// <summary>Card PIN (issue 13.4): hashed, asked where the program says, locked after repeated wrong PINs, reset by a manager.</summary>
public sealed class PinTests : IDisposable
{
    private readonly LoyaltyApp _app = new();

    public void Dispose() => _app.Dispose();

    private static HttpRequestMessage WithPin(HttpMethod method, string url, string? pin, object? body = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        if (pin is not null)
        {
            request.Headers.Add("X-Member-Pin", pin);
        }
        return request;
    }

    private Task<HttpResponseMessage> Lookup(string phone, string name, string? pin) =>
        _app.Clerk.SendAsync(WithPin(HttpMethod.Get, $"/api/v1/members?phone={phone}&name={Uri.EscapeDataString(name)}", pin));

    private async Task SetPin(string memberId, string pin) =>
        await (await _app.Clerk.PutAsJsonAsync($"/api/v1/members/{memberId}/pin", new { pin })).Json(HttpStatusCode.OK);

    [Fact]
    public async Task With_pinForPhoneLookup_a_phone_lookup_needs_the_members_pin_and_the_pin_is_stored_only_hashed()
    {
        await _app.ChangeProgram(new { pinForPhoneLookup = true });
        var memberId = (await _app.Clerk.RegisterMember(name: "Sun Li", phone: "13900000551")).Str("memberId");
        var noPin = (await _app.Clerk.RegisterMember(name: "Zhou Bo", phone: "13900000552")).Str("memberId");
        await SetPin(memberId, "246810");

        await (await Lookup("13900000551", "Sun Li", null)).Problem(HttpStatusCode.Conflict, "pin_required");
        var wrong = await (await Lookup("13900000551", "Sun Li", "111111")).Problem(HttpStatusCode.Conflict, "pin_invalid");
        Assert.Equal(4, wrong.Long("attemptsLeft"));
        Assert.Equal(memberId, (await (await Lookup("13900000551", "Sun Li", "246810")).Json(HttpStatusCode.OK)).Str("memberId"));
        // A member without a PIN is found as before.
        Assert.Equal(noPin, (await (await Lookup("13900000552", "Zhou Bo", null)).Json(HttpStatusCode.OK)).Str("memberId"));

        var stored = await _app.StoredMember(memberId);
        Assert.StartsWith("pbkdf2-sha256$100000$", stored.PinHash);
        Assert.DoesNotContain("246810", stored.PinHash);
        // The right PIN cleared the failure count.
        Assert.Equal(0, stored.PinFailures);
    }

    [Fact]
    public async Task Without_the_setting_a_lookup_needs_no_pin()
    {
        var memberId = (await _app.Clerk.RegisterMember(name: "Wu Yan", phone: "13900000561")).Str("memberId");
        await SetPin(memberId, "1234");
        Assert.Equal(memberId, (await (await Lookup("13900000561", "Wu Yan", null)).Json(HttpStatusCode.OK)).Str("memberId"));
    }

    [Fact]
    public async Task Five_wrong_pins_lock_it_until_a_manager_resets_it()
    {
        await _app.ChangeProgram(new { pinForPhoneLookup = true });
        var memberId = (await _app.Clerk.RegisterMember(name: "Zheng He", phone: "13900000571")).Str("memberId");
        await SetPin(memberId, "8642");

        for (var left = 4; left >= 1; left--)
        {
            var wrong = await (await Lookup("13900000571", "Zheng He", "0000")).Problem(HttpStatusCode.Conflict, "pin_invalid");
            Assert.Equal(left, wrong.Long("attemptsLeft"));
        }
        await (await Lookup("13900000571", "Zheng He", "0000")).Problem(HttpStatusCode.Conflict, "pin_locked");
        // Locked: even the right PIN is refused, and a clerk cannot reset it.
        await (await Lookup("13900000571", "Zheng He", "8642")).Problem(HttpStatusCode.Conflict, "pin_locked");
        await (await _app.Clerk.PostAsJsonAsync($"/api/v1/members/{memberId}/pin/reset", new { pin = "1357" })).Problem(HttpStatusCode.Forbidden, "forbidden");
        var status = await (await _app.Clerk.GetAsync($"/api/v1/members/{memberId}/pin")).Json(HttpStatusCode.OK);
        Assert.True(status["locked"]!.GetValue<bool>());

        var reset = await (await _app.Manager.PostAsJsonAsync($"/api/v1/members/{memberId}/pin/reset", new { pin = "1357" })).Json(HttpStatusCode.OK);

        Assert.False(reset["locked"]!.GetValue<bool>());
        Assert.Equal(0, reset.Long("failedAttempts"));
        Assert.Equal(memberId, (await (await Lookup("13900000571", "Zheng He", "1357")).Json(HttpStatusCode.OK)).Str("memberId"));
    }

    [Fact]
    public async Task Changing_a_pin_needs_the_current_one()
    {
        var memberId = (await _app.Clerk.RegisterMember()).Str("memberId");
        await SetPin(memberId, "1111");

        await (await _app.Clerk.PutAsJsonAsync($"/api/v1/members/{memberId}/pin", new { pin = "2222" })).Problem(HttpStatusCode.Conflict, "pin_invalid");
        await (await _app.Clerk.PutAsJsonAsync($"/api/v1/members/{memberId}/pin", new { pin = "2222", currentPin = "1111" })).Json(HttpStatusCode.OK);
        await (await _app.Clerk.PutAsJsonAsync($"/api/v1/members/{memberId}/pin", new { pin = "12ab" })).Problem(HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task With_pinForStoredValue_paying_with_stored_value_needs_the_pin_and_nothing_is_charged_without_it()
    {
        await _app.ChangeProgram(new { pinForStoredValue = true });
        var (memberId, card) = await _app.Clerk.MemberWithCard(type: "storedValue");
        await (await _app.Clerk.PostAsJsonAsync($"/api/v1/cards/{card}/top-ups", new { topUpId = "pin-t1", amount = 100m })).Json(HttpStatusCode.OK);
        await SetPin(memberId, "5566");
        object Body(string id) => new { checkoutId = id, storeId = "S001", cardNumber = card, lines = new[] { Line("A", 1, 100m) }, storedValueAmount = 95m };

        await (await _app.Clerk.SendAsync(WithPin(HttpMethod.Post, "/api/v1/checkouts", null, Body("pin-c1")))).Problem(HttpStatusCode.Conflict, "pin_required");
        await (await _app.Clerk.SendAsync(WithPin(HttpMethod.Post, "/api/v1/checkouts", "0000", Body("pin-c1")))).Problem(HttpStatusCode.Conflict, "pin_invalid");
        var card0 = await (await _app.Clerk.GetAsync($"/api/v1/cards/{card}")).Json(HttpStatusCode.OK);
        Assert.Equal(100m, card0["storedValue"]!.Dec("paid"));

        // Regular 5%: 100 − 5 = 95 due, all from stored value: 100 − 95 = 5 left.
        var receipt = await (await _app.Clerk.SendAsync(WithPin(HttpMethod.Post, "/api/v1/checkouts", "5566", Body("pin-c1")))).Json(HttpStatusCode.OK);
        Assert.Equal((95m, 0m), (receipt.Dec("storedValueCharged"), receipt.Dec("amountDue")));
        var card1 = await (await _app.Clerk.GetAsync($"/api/v1/cards/{card}")).Json(HttpStatusCode.OK);
        Assert.Equal(5m, card1["storedValue"]!.Dec("paid"));
        // A card checkout without stored value needs no PIN.
        await _app.Clerk.CheckoutOk(Basket("pin-c2", card, Line("A", 1, 10m)));
    }
}
