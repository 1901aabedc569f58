using System.Text.Json;
using Loyalty.Domain;
using Loyalty.Domain.Pricing;
using Loyalty.Domain.Tiers;
using Loyalty.Grains.Contracts;
using Loyalty.Runtime.Storage;

namespace Loyalty.Grains.Members;

/// <summary>Checkout (收银): pricing, points redeemed and earned, spend, tier, ledger and receipt.</summary>
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
        if (request.CouponCode is not null)
        {
            throw new DomainException(ErrorCodes.CouponInvalid, "Unknown coupon code.");
        }

        var program = programs.Current;
        var now = Time.GetUtcNow();
        var today = ProgramCalendar.Today(program, now);
        var tierBefore = State.Tier;
        var birthday = ProgramCalendar.IsBirthday(State.Birthday, today);
        var lines = request.Lines.Select(l => new CheckoutLine(l.Sku, l.Category, l.Quantity, l.UnitPrice, l.SpecialPrice)).ToList();
        var priced = CheckoutPricer.Price(new PricingInput(
            program, tierBefore, birthday, false, lines, request.RedeemPoints, 0m, request.StoredValueAmount, []));
        if (priced.PointsRedeemed > State.Points)
        {
            throw new DomainException(ErrorCodes.InsufficientPoints,
                $"The member has {State.Points} points available, {priced.PointsRedeemed} were asked.");
        }

        // The checkout that crosses a threshold shows the new tier; its discount applies from the next purchase.
        var metricAfter = MetricAfter(program, today, priced);
        var tierAfter = TierRules.Upgrade(program, tierBefore, metricAfter, priced.QualifyingSpend);
        var balanceAfter = State.Points - priced.PointsRedeemed + priced.PointsEarned;

        if (!request.QuoteOnly)
        {
            Apply(request, program, now, today, priced, tierBefore, tierAfter);
        }
        var progress = request.QuoteOnly
            ? ProjectedProgress(program, tierAfter, metricAfter, today)
            : Progress(program, today);
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
            priced.PointsEarned,
            balanceAfter,
            tierBefore,
            tierAfter,
            priced.Lines.Select(l => new ReceiptLine(l.Sku, l.Quantity, l.UnitPrice, l.Discount, l.PointsEarned)).ToList(),
            priced.QualifyingSpend,
            birthday,
            program.Version,
            progress,
            now);
        if (!request.QuoteOnly)
        {
            WriteDocument(new DocumentRow(Documents.Checkouts, request.CheckoutId, Key, JsonSerializer.Serialize(
                new CheckoutRecord(request.CheckoutId, Key, request.RequestHash, receipt, request.Lines), GrainJson.Default.CheckoutRecord)));
            CacheReceipt(receipt);
        }
        return receipt;
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
        DateOnly? reviewOn = program.TierIndex(tier) > 0 ? since.AddMonths(12) : null;
        return new TierProgressView(progress.Tier, progress.NextTier, progress.SpendToNextTier, progress.SpendToKeepTier, reviewOn);
    }

    private void Apply(MemberCheckout request, ProgramSettings program, DateTimeOffset now, DateOnly today,
        PricedCheckout priced, string tierBefore, string tierAfter)
    {
        ConsumeOldestLots(priced.PointsRedeemed);
        AddLot(today, priced.PointsEarned);
        State.Points += priced.PointsEarned - priced.PointsRedeemed;
        State.LifetimePointsEarned += priced.PointsEarned;
        State.Spend.Add(today, priced.QualifyingSpend);
        State.Spend.Prune(today);
                RememberOperation(request.CheckoutId, request.RequestHash);
        AppendLedger(new LedgerRow(Account, request.CheckoutId, "checkout", now, request.StoreId,
            PointsDelta: priced.PointsEarned - priced.PointsRedeemed,
            SpendDelta: priced.QualifyingSpend,
            PointsAfter: State.Points,
            DataJson: JsonSerializer.Serialize(new CheckoutLedgerNote(priced.PointsEarned, priced.PointsRedeemed,
                priced.AmountDue, request.CardNumber, program.Version), GrainJson.Default.CheckoutLedgerNote)));
        if (tierAfter != tierBefore)
        {
            State.Tier = tierAfter;
            State.TierSince = today;
            AppendLedger(new LedgerRow(Account, $"{request.CheckoutId}:tier", "tier", now, request.StoreId,
                PointsAfter: State.Points,
                DataJson: JsonSerializer.Serialize(new TierLedgerNote(tierBefore, tierAfter, "upgrade"), GrainJson.Default.TierLedgerNote)));
        }
        RescheduleJobs(program, today);
    }

    private void AddLot(DateOnly day, long points)
    {
        if (points <= 0)
        {
            return;
        }
        if (State.Lots.Count > 0 && State.Lots[^1].EarnedOn == day)
        {
            State.Lots[^1].Remaining += points;
        }
        else
        {
            State.Lots.Add(new PointsLot { EarnedOn = day, ExpiresOn = Jobs.PointsExpiry.ExpiresOn(programs.Current, day), Remaining = points });
        }
    }

    /// <summary>Spending takes the oldest lots first (积分有效期: the soonest to expire go first).</summary>
    private void ConsumeOldestLots(long points)
    {
        var left = points;
        while (left > 0 && State.Lots.Count > 0)
        {
            var lot = State.Lots[0];
            var take = Math.Min(lot.Remaining, left);
            lot.Remaining -= take;
            left -= take;
            if (lot.Remaining == 0)
            {
                State.Lots.RemoveAt(0);
            }
        }
    }

    private async Task<Receipt> StoredReceipt(string checkoutId)
    {
        if (_receipts.TryGetValue(checkoutId, out var cached))
        {
            return cached;
        }
        var document = await Storage.ReadDocumentAsync(Documents.Checkouts, checkoutId)
            ?? throw new DomainException(ErrorCodes.Conflict, "The checkout is still being recorded; retry.");
        var record = JsonSerializer.Deserialize(document.BodyJson, GrainJson.Default.CheckoutRecord)!;
        CacheReceipt(record.Receipt);
        return record.Receipt;
    }
}
