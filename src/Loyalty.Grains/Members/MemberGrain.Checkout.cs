using System.Text.Json;
using Loyalty.Domain;
using Loyalty.Domain.Pricing;
using Loyalty.Domain.Tiers;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Notifications;
using Loyalty.Runtime.Storage;

namespace Loyalty.Grains.Members;

/// <summary>
/// Checkout (收银) in the order of domain.md §8: status, pricing (member or birthday discount), coupon, points as
/// payment within the cap, stored value (charged by the card), points earned on money paid, spend, tier, ledger,
/// receipt. Everything is checked before anything changes.
/// </summary>
public sealed partial class MemberGrain
{
    public async Task<Receipt> Checkout(MemberCheckout request)
    {
        EnsureExists();
        if (!request.QuoteOnly && FindRecent(request.CheckoutId) is { } seen)
        {
            if (seen.Hash != request.RequestHash)
            {
                throw new DomainException(ErrorCodes.IdempotencyMismatch, "This checkout id was used with another request body.");
            }
            return await StoredReceipt(request.CheckoutId);
        }
        EnsureCanTransact();

        var program = programs.Current;
        var now = Time.GetUtcNow();
        var today = ProgramCalendar.Today(program, now);
        var tierBefore = State.Tier;
        var birthday = ProgramCalendar.IsBirthday(State.Birthday, today);
        var priced = Price(request, program, today, birthday, out var coupon);
        if (priced.PointsRedeemed > State.Points)
        {
            throw new DomainException(ErrorCodes.InsufficientPoints,
                $"The member has {State.Points} points available, {priced.PointsRedeemed} were asked.");
        }

        // The checkout that crosses a threshold shows the new tier; its discount applies from the next purchase.
        var metricAfter = MetricAfter(program, today, priced);
        var tierAfter = TierRules.Upgrade(program, tierBefore, metricAfter, priced.QualifyingSpend);
        var earned = Math.Min(priced.PointsEarned, WithinDailyCap(program, today, priced.PointsEarned));
        var lines = EarnedLines(priced, earned);
        long pending = 0;
        if (request.QuoteOnly)
        {
            pending = program.PendingDays > 0 ? Math.Max(0, earned - State.PointsDebt) : 0;
        }
        else
        {
            pending = Apply(request, program, now, today, priced, coupon, tierBefore, tierAfter);
        }
        var balance = request.QuoteOnly
            ? State.Points - priced.PointsRedeemed + Math.Max(0, earned - State.PointsDebt) - pending
            : State.Points;
        var receipt = new Receipt(
            request.CheckoutId,
            request.StoreId,
            Key,
            request.CardNumber,
            priced.Subtotal,
            priced.MemberDiscount,
            priced.PromotionDiscount,
            priced.CouponDiscount,
            priced.PointsRedeemed,
            priced.PointsRedeemedValue,
            priced.StoredValueCharged,
            priced.AmountDue,
            earned,
            balance,
            tierBefore,
            tierAfter,
            lines,
            priced.QualifyingSpend,
            birthday,
            program.Version,
            request.QuoteOnly ? ProjectedProgress(program, tierAfter, metricAfter, today) : Progress(program, today),
            now,
            coupon?.Code,
            State.PendingPoints + (request.QuoteOnly ? pending : 0),
            0m,
            priced.AppliedPromotionId);
        if (!request.QuoteOnly)
        {
            WriteDocument(new DocumentRow(Documents.Checkouts, request.CheckoutId, Key, JsonSerializer.Serialize(
                new CheckoutRecord(request.CheckoutId, Key, request.RequestHash, receipt, request.Lines), GrainJson.Default.CheckoutRecord)));
            CacheReceipt(receipt);
        }
        return receipt;
    }

    private PricedCheckout Price(MemberCheckout request, ProgramSettings program, DateOnly today, bool birthday, out MemberCoupon? coupon)
    {
        // An expired membership (validity) prices like a non-member: no member discount, no points.
        var member = State.ValidUntil is not { } until || today < until;
        var corporate = State.Corporate || request.CorporateCard || !member;
        var pricingProgram = member ? program : program with { CorporateDiscountRate = 0m };
        var lines = request.Lines.Select(l => new CheckoutLine(l.Sku, l.Category, l.Quantity, l.UnitPrice, l.SpecialPrice)).ToList();
        var promotions = promotionCatalog.ActiveFor(request.StoreId, Time.GetUtcNow());
        coupon = null;
        var couponDiscount = 0m;
        if (request.CouponCode is { } code)
        {
            var discounted = CheckoutPricer.Price(new PricingInput(pricingProgram, State.Tier, birthday, corporate, lines, 0, 0m, 0m, promotions));
            var afterDiscounts = discounted.Subtotal - discounted.MemberDiscount - discounted.PromotionDiscount;
            (coupon, couponDiscount) = ApplyCoupon(code, today, afterDiscounts);
        }
        return CheckoutPricer.Price(new PricingInput(pricingProgram, State.Tier, birthday, corporate, lines,
            request.RedeemPoints, couponDiscount, request.StoredValueAmount, promotions));
    }

    /// <summary>Receipt lines; when the daily cap cut the points, the lines share the capped total.</summary>
    private static List<ReceiptLine> EarnedLines(PricedCheckout priced, long earned)
    {
        var points = priced.Lines.Select(l => l.PointsEarned).ToList();
        if (earned < priced.PointsEarned && priced.PointsEarned > 0)
        {
            points = PointsDistributor.Distribute(points.Select(p => (decimal)p * earned / priced.PointsEarned).ToList()).ToList();
        }
        return priced.Lines.Select((l, i) => new ReceiptLine(l.Sku, l.Quantity, l.UnitPrice, l.Discount, points[i])).ToList();
    }

    private decimal MetricAfter(ProgramSettings program, DateOnly today, PricedCheckout priced) => program.QualifyingMetric switch
    {
        Domain.QualifyingMetric.PointsEarned => State.LifetimePointsEarned + priced.PointsEarned,
        _ => Metric(program, today) + priced.QualifyingSpend,
    };

    private TierProgressView ProjectedProgress(ProgramSettings program, string tier, decimal metric, DateOnly today)
    {
        var progress = TierRules.Progress(program, tier, metric);
        var since = tier == State.Tier ? State.TierSince : today;
        DateOnly? reviewOn = program.TierIndex(tier) > 0 ? since.AddMonths(program.TierHoldMonths) : null;
        return new TierProgressView(progress.Tier, progress.NextTier, progress.SpendToNextTier, progress.SpendToKeepTier, reviewOn);
    }

    /// <summary>Applies a priced checkout to the state; returns the points that went to pending.</summary>
    private long Apply(MemberCheckout request, ProgramSettings program, DateTimeOffset now, DateOnly today,
        PricedCheckout priced, MemberCoupon? coupon, string tierBefore, string tierAfter)
    {
        DebitPoints(priced.PointsRedeemed);
        var credit = CreditPoints(program, today, priced.PointsEarned, request.CheckoutId);
        if (coupon is not null)
        {
            coupon.UsedByCheckoutId = request.CheckoutId;
        }
        State.Spend.Add(today, priced.QualifyingSpend);
        State.Spend.Prune(today);
        if (program.MembershipValidityMonths is { } months)
        {
            // Spending renews the membership (one store: a year from the last purchase).
            State.ValidUntil = today.AddMonths(months);
        }
        RememberOperation(request.CheckoutId, request.RequestHash);
        AppendLedger(new LedgerRow(Account, request.CheckoutId, "checkout", now, request.StoreId,
            PointsDelta: credit.ToAvailable - priced.PointsRedeemed,
            PendingDelta: credit.ToPending,
            SpendDelta: priced.QualifyingSpend,
            PointsAfter: State.Points,
            DataJson: JsonSerializer.Serialize(new CheckoutLedgerNote(credit.Capped, priced.PointsRedeemed,
                priced.AmountDue, request.CardNumber, program.Version, credit.PaidToDebt, coupon?.Code, priced.CouponDiscount,
                priced.StoredValueCharged), GrainJson.Default.CheckoutLedgerNote)));
        if (tierAfter != tierBefore)
        {
            ChangeTier(program, now, today, tierAfter, $"{request.CheckoutId}:tier", "upgrade", request.StoreId);
        }
        return credit.ToPending;
    }

    /// <summary>Moves the member to another tier with a ledger row and a care notification.</summary>
    private void ChangeTier(ProgramSettings program, DateTimeOffset now, DateOnly today, string tier, string operationId, string reason, string? storeId)
    {
        var from = State.Tier;
        State.Tier = tier;
        State.TierSince = today;
        AppendLedger(new LedgerRow(Account, operationId, "tier", now, storeId,
            PointsAfter: State.Points,
            DataJson: JsonSerializer.Serialize(new TierLedgerNote(from, tier, reason), GrainJson.Default.TierLedgerNote)));
        Notify(NotificationKinds.TierChanged, operationId, new TierLedgerNote(from, tier, reason));
    }

    private async Task<Receipt> StoredReceipt(string checkoutId)
    {
        if (_receipts.TryGetValue(checkoutId, out var cached))
        {
            return cached;
        }
        var record = await StoredCheckout(checkoutId)
            ?? throw new DomainException(ErrorCodes.Conflict, "The checkout is still being recorded; retry.");
        CacheReceipt(record.Receipt);
        return record.Receipt;
    }

    private async Task<CheckoutRecord?> StoredCheckout(string checkoutId)
    {
        var document = await Storage.ReadDocumentAsync(Documents.Checkouts, checkoutId);
        return document is null ? null : JsonSerializer.Deserialize(document.BodyJson, GrainJson.Default.CheckoutRecord);
    }
}
