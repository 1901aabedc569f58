using System.Text.Json;
using Loyalty.Domain;
using Loyalty.Domain.Refunds;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Households;
using Loyalty.Persistence.Storage;

namespace Loyalty.Grains.Members;

/// <summary>
/// Refunds (退货): proportional reversal of points earned and redeemed, stored value and spend; the tier is
/// re-evaluated. Earned points already spent become debt that later earning pays off (or, with the CapAtBalance
/// policy, the reversal stops at the balance), so buy → earn → spend → refund leaves the member no better off.
/// </summary>
public sealed partial class MemberGrain
{
    public async Task<RefundReceipt> Refund(RefundCheckout request)
    {
        EnsureExists();
        if (FindRecent(request.RefundId) is { } seen)
        {
            if (seen.Hash != request.RequestHash)
            {
                throw new DomainException(ErrorCodes.IdempotencyMismatch, "This refund id was used with another request body.");
            }
            return await StoredRefund(request.RefundId);
        }
        var original = request.Checkout.Receipt;
        if (original.MemberId != Key)
        {
            throw new DomainException(ErrorCodes.Validation, "The checkout belongs to another member.");
        }

        var program = programs.Current;
        var now = Time.GetUtcNow();
        var today = ProgramCalendar.Today(program, now);
        var refundable = Refundable(original);
        var already = original.Lines.Select((_, i) => RefundedQuantity(original.CheckoutId, i)).ToList();
        decimal[] quantities = request.Lines is null
            ? refundable.Lines.Select((l, i) => l.Quantity - already[i]).ToArray()
            : RefundCalculator.QuantitiesBySku(refundable, already, request.Lines.Select(l => (l.Sku, l.Quantity)));
        if (quantities.All(q => q == 0))
        {
            throw new DomainException("already_refunded", "Everything bought in this checkout was already refunded.");
        }
        var amounts = RefundCalculator.Compute(refundable, already, quantities);

        // Apply: give back redeemed points, take back earned points (pending first), spend, tier.
        var tierBefore = State.Tier;
        var debtBefore = State.PointsDebt;
        var pointsBefore = State.Points;
        var pendingBefore = State.PendingPoints;
        // Points settle with the account the checkout's points went to: the household pool even if the member
        // has left it since (the pool took the earning and gave the redeemed points), otherwise the member.
        PoolResult? pool = null;
        if (original.HouseholdId is { } householdId)
        {
            pool = await ApplyToPool(GrainFactory.GetGrain<IHouseholdGrain>(householdId), new PoolOperation(request.RefundId, Key, "refund", original.StoreId,
                Spend: 0, Earn: 0, TakeBack: amounts.PointsReversed, Return: amounts.PointsReturned,
                TakeBackFromOperation: original.CheckoutId, EnforceLimits: false));
        }
        else
        {
            // Redeemed points come back as a fresh lot (not earned: no cap, no tier metric); the debt, if any, is paid first.
            State.Wallet.Credit(program, today, amounts.PointsReturned, request.RefundId);
            State.Wallet.TakeBack(program.RefundPolicy, amounts.PointsReversed, original.CheckoutId);
        }
        State.LifetimePointsEarned -= amounts.PointsReversed;
        // Spend, points and (on a full refund) the purchase leave the day they were counted on, so the windows stay true.
        var purchaseDay = ProgramCalendar.Today(program, original.At);
        State.Spend.Add(purchaseDay, -amounts.SpendReversed);
        State.Spend.AddPoints(purchaseDay, -amounts.PointsReversed);
        if (refundable.Lines.Select((l, i) => already[i] + quantities[i] >= l.Quantity).All(done => done))
        {
            State.Spend.AddPurchase(purchaseDay, -1);
        }
        for (var i = 0; i < quantities.Length; i++)
        {
            if (quantities[i] > 0)
            {
                State.Refunded.Add(new RefundedLine { CheckoutId = original.CheckoutId, LineIndex = i, Sku = original.Lines[i].Sku, Quantity = quantities[i] });
            }
        }
        // Re-evaluate the tier: an upgrade the refunded purchase brought stands only while the spend supports it.
        if (State.TierStatus.AfterRefund(program, Measure(program, today), ProgramCalendar.Today(program, original.At), original.TierBefore) is { } target)
        {
            ChangeTier(now, today, target, $"{request.RefundId}:tier", "refund", original.StoreId);
        }
        RememberOperation(request.RefundId, request.RequestHash);
        RescheduleJobs(program, today);
        NotifyIfLarge(program, request.RefundId, amounts.PointsReturned - amounts.PointsReversed, pool?.Available ?? State.Points);
        AppendLedger(new LedgerRow(Account, request.RefundId, "refund", now, original.StoreId,
            PointsDelta: State.Points - pointsBefore,
            PendingDelta: State.PendingPoints - pendingBefore,
            SpendDelta: -amounts.SpendReversed,
            PointsAfter: State.Points,
            DataJson: JsonSerializer.Serialize(new RefundLedgerNote(original.CheckoutId, amounts.PointsReversed, amounts.PointsReturned,
                State.PointsDebt - debtBefore, amounts.StoredValueReturned, amounts.CashReturned, request.By.KeyId), GrainJson.Default.RefundLedgerNote)));

        var receipt = new RefundReceipt(
            request.RefundId,
            original.CheckoutId,
            original.StoreId,
            Key,
            original.CardNumber,
            original.Lines.Select((l, i) => new RefundReceiptLine(l.Sku, quantities[i], amounts.PointsReversedByLine[i]))
                .Where(l => l.Quantity > 0).ToList(),
            amounts.CashReturned,
            amounts.StoredValueReturned,
            amounts.PointsReversed,
            amounts.PointsReturned,
            pool?.Debt ?? State.PointsDebt,
            pool?.Available ?? State.Points,
            amounts.SpendReversed,
            tierBefore,
            State.Tier,
            now);
        WriteDocument(new DocumentRow(Documents.Refunds, request.RefundId, Key, JsonSerializer.Serialize(
            new RefundRecord(request.RefundId, original.CheckoutId, Key, request.RequestHash, receipt), GrainJson.Default.RefundRecord)));
        _refunds.Remember(request.RefundId, receipt);
        return receipt;
    }

    private static RefundableCheckout Refundable(Receipt receipt) => new(
        receipt.Lines.Select(l => new RefundableLine(l.Sku, l.Quantity,
            Money.Round(l.Quantity * l.UnitPrice) - l.Discount - l.PromotionDiscount, l.PointsEarned)).ToList(),
        receipt.PointsRedeemed,
        receipt.StoredValueCharged,
        receipt.AmountDue,
        receipt.QualifyingSpend);

    private decimal RefundedQuantity(string checkoutId, int lineIndex) =>
        State.Refunded.Where(r => r.CheckoutId == checkoutId && r.LineIndex == lineIndex).Sum(r => r.Quantity);

    private async Task<RefundReceipt> StoredRefund(string refundId)
    {
        if (_refunds.Find(refundId) is { } cached)
        {
            return cached;
        }
        var document = await Storage.ReadDocumentAsync(Documents.Refunds, refundId)
            ?? throw new DomainException(ErrorCodes.Conflict, "The refund is still being recorded; retry.");
        return JsonSerializer.Deserialize(document.BodyJson, GrainJson.Default.RefundRecord)!.Receipt;
    }
}

/// <summary>Ledger data of a refund row.</summary>
public sealed record RefundLedgerNote(string CheckoutId, long PointsReversed, long PointsReturned, long DebtAdded,
    decimal StoredValueRefunded, decimal AmountRefunded, string By);
