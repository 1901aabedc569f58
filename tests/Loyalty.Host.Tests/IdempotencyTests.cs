using System.Net;
using Loyalty.Host.Tests.Support;
using static Loyalty.Host.Tests.Support.Api;

namespace Loyalty.Host.Tests;

/// <summary>A checkout id is applied once: repeats answer the first receipt, another body is refused.</summary>
public sealed class IdempotencyTests : IDisposable
{
    private readonly LoyaltyApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task The_same_checkout_twice_records_once_and_answers_the_same_receipt()
    {
        var clerk = _app.Clerk;
        var (memberId, card) = await clerk.MemberWithCard(birthday: "1990-01-01");
        var body = Basket("idem-1", card, Line("A", 3, 33.33m));

        var first = await clerk.CheckoutOk(body);
        var second = await clerk.CheckoutOk(body);

        Assert.Equal(first.ToJsonString(), second.ToJsonString());
        var ledger = await clerk.Ledger(memberId);
        Assert.Single(ledger, e => e!.Str("operationId") == "idem-1");
        Assert.Equal(first.Long("pointsEarned"), (await clerk.Member(memberId)).Available());
    }

    [Fact]
    public async Task The_same_checkout_id_with_another_body_is_refused_and_changes_nothing()
    {
        var clerk = _app.Clerk;
        var (memberId, card) = await clerk.MemberWithCard(birthday: "1990-01-01");
        await clerk.CheckoutOk(Basket("idem-2", card, Line("A", 1, 10m)));
        var before = await clerk.Member(memberId);

        var response = await clerk.Checkout(Basket("idem-2", card, Line("A", 2, 10m)));

        await response.Problem(HttpStatusCode.Conflict, "idempotency_mismatch");
        Assert.Equal(before.ToJsonString(), (await clerk.Member(memberId)).ToJsonString());
    }

    [Fact]
    public async Task A_checkout_id_already_used_by_another_member_is_refused()
    {
        var clerk = _app.Clerk;
        var (_, cardA) = await clerk.MemberWithCard(birthday: "1990-01-01");
        var (memberB, cardB) = await clerk.MemberWithCard(birthday: "1990-01-01");
        await clerk.CheckoutOk(Basket("idem-3", cardA, Line("A", 1, 10m)));

        var response = await clerk.Checkout(Basket("idem-3", cardB, Line("A", 1, 10m)));

        await response.Problem(HttpStatusCode.Conflict, "idempotency_mismatch");
        Assert.Equal(0, (await clerk.Member(memberB)).Available());
        Assert.DoesNotContain(await clerk.Ledger(memberB), e => e!.Str("operationId") == "idem-3");
    }

    [Fact]
    public async Task An_old_checkout_repeated_after_many_others_still_answers_its_receipt()
    {
        var clerk = _app.Clerk;
        var (memberId, card) = await clerk.MemberWithCard(birthday: "1990-01-01");
        var firstBody = Basket("old-0", card, Line("A", 1, 10m));
        var first = await clerk.CheckoutOk(firstBody);
        for (var i = 1; i <= 40; i++)
        {
            await clerk.CheckoutOk(Basket($"old-{i}", card, Line("A", 1, 10m)));
        }
        var balance = (await clerk.Member(memberId)).Available();

        var repeat = await clerk.CheckoutOk(firstBody);

        Assert.Equal(first.ToJsonString(), repeat.ToJsonString());
        Assert.Equal(balance, (await clerk.Member(memberId)).Available());
    }
}
