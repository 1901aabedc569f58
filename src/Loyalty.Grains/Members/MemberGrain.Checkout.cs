using System.Text.Json;
using Loyalty.Domain;
using Loyalty.Domain.Coupons;
using Loyalty.Domain.Points;
using Loyalty.Domain.Pricing;
using Loyalty.Domain.Tiers;
using Loyalty.Grains.Catalog;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Notifications;
using Loyalty.Persistence;
using Loyalty.Persistence.Storage;

namespace Loyalty.Grains.Members;

/// <summary>
/// Checkout (收银) in the order of domain.md §8: status, pricing (member or birthday discount), coupon, points as
/// payment within the cap, stored value (charged by the card), points earned on money paid, spend, tier, ledger,
/// receipt. Everything is checked before anything changes.
/// </summary>
public sealed partial class MemberGrain
{
    /// <summary>
    /// Runs the checkout as a turn answered before its commit, then waits here, beside the grain's turns, until it is
    /// durable: the member's next checkout need not wait for this one's commit (nor for the household's it depends
    /// on), and their writes share round trips. The caller still hears only of a committed checkout.
    /// </summary>
    public async Task<Receipt> Checkout(MemberCheckout request)
    {
        try
        {
            var receipt = await GrainFactory.GetGrain<IMemberTurns>(Key).CheckoutTurn(request);
            await WhenDurable();
            return receipt;
        }
        catch (Exception e) when (!request.QuoteOnly && e is DuplicateOperationException or GrainConflictException)
        {
            // A repeat of a checkout older than the ids this member keeps in memory ran again and was refused by the
            // ledger's key (or lost with a crash). If the checkout was recorded, its first receipt is the answer.
            if (await StoredCheckout(request.CheckoutId) is not { } stored)
            {
                throw;
            }
            return stored.RequestHash == request.RequestHash
                ? stored.Receipt
                : throw new DomainException(ErrorCodes.IdempotencyMismatch, "This checkout id was used with another request body.");
        }
    }

    public async Task<Receipt> CheckoutTurn(MemberCheckout request)
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
        if (request.CardNumber is { } card && !State.Cards.Contains(card))
        {
            throw new DomainException(ErrorCodes.CardReplaced, "This card is no longer the member's card.");
        }

        var program = CorporatePoints.Terms(programs.Current, IsCorporate(request));
        var now = Time.GetUtcNow();
        var today = ProgramCalendar.Today(program, now);
        var tierBefore = State.Tier;
        var birthday = ProgramCalendar.IsBirthday(State.Birthday, today);
        var (priced, coupon) = Price(request, program, today, birthday);
        RedemptionStore.Check(program, State.HomeStoreId, request.StoreId, priced.PointsRedeemed);
        if (Household is null && priced.PointsRedeemed > State.Points)
        {
            throw new DomainException(ErrorCodes.InsufficientPoints,
                $"The member has {State.Points} points available, {priced.PointsRedeemed} were asked.");
        }

        // The checkout that crosses a threshold shows the new tier; its discount applies from the next purchase.
        var metricAfter = TierRules.MeasureAfterCheckout(program, State.Spend, State.LifetimePointsEarned, today,
            priced.QualifyingSpend, priced.PointsEarned);
        var tierAfter = TierRules.Upgrade(program, tierBefore, metricAfter, priced.QualifyingSpend);
        // A promotion with a points budget multiplies only while its budget lasts (Member → PromotionBudget).
        var earnable = priced.PointsEarned;
        var budget = request.QuoteOnly ? null : PromotionBudget(priced);
        if (budget is { } b)
        {
            var grant = await GrainFactory.GetGrain<IPromotionBudgetGrain>(b.PromotionId).Consume(new ConsumeBudget(request.CheckoutId, b.Extra));
            earnable -= b.Extra - grant.Granted;
        }
        var earned = Math.Min(earnable, EarningCap.Allowed(program, State.EarnedToday.On(today), earnable));
        var lines = EarnedLines(priced, earned);
        (long Balance, long Pending) after;
        try
        {
            after = request.QuoteOnly
                ? await ProjectedBalance(priced.PointsRedeemed, earned, program)
                : await Apply(request, program, now, today, priced, earnable, coupon, tierBefore, tierAfter);
        }
        catch (DomainException) when (budget is not null)
        {
            // Refused after the budget was taken (e.g. the household pool said no): give the grant back.
            await GrainFactory.GetGrain<IPromotionBudgetGrain>(budget.Value.PromotionId).Release(new ReleaseBudget(request.CheckoutId));
            throw;
        }
        var (balance, pending) = after;
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
            pending,
            0m,
            priced.AppliedPromotionId,
            State.HouseholdId,
            // Tells the host that this member's referrer still waits for their reward, so the host does not have to
            // ask the member after every checkout.
            !request.QuoteOnly && State.ReferrerMemberId is not null && !State.ReferralCredited);
        if (!request.QuoteOnly)
        {
            WriteDocument(new DocumentRow(Documents.Checkouts, request.CheckoutId, Key, JsonSerializer.Serialize(
                new CheckoutRecord(request.CheckoutId, Key, request.RequestHash, receipt, request.Lines), GrainJson.Default.CheckoutRecord)));
            _receipts.Remember(receipt.CheckoutId, receipt);
        }
        return receipt;
    }

    /// <summary>A corporate member, card or account (单位卡).</summary>
    private bool IsCorporate(MemberCheckout request) =>
        State.Corporate || request.CorporateCard || State.HouseholdKind == HouseholdKinds.Corporate;

    private MemberPrice Price(MemberCheckout request, ProgramSettings program, DateOnly today, bool birthday)
    {
        var corporateAccount = State.HouseholdKind == HouseholdKinds.Corporate;
        var terms = new MemberPriceTerms(State.Tier, birthday, State.ValidUntil, State.Corporate || request.CorporateCard || corporateAccount,
            corporateAccount ? State.HouseholdContractRate : null);
        var lines = request.Lines.Select(l => new CheckoutLine(l.Sku, l.Category, l.Quantity, l.UnitPrice, l.SpecialPrice)).ToList();
        return MemberPricing.Price(program, terms, today, lines, promotionCatalog.ActiveFor(request.StoreId, Time.GetUtcNow()),
            State.CouponPurse, request.CouponCode, request.RedeemPoints, request.StoredValueAmount, promotionCatalog.MemberPrices);
    }

    /// <summary>The extra points of a promotion with a points budget on this checkout; null when none applied.</summary>
    private (string PromotionId, long Extra)? PromotionBudget(PricedCheckout priced)
    {
        if (priced.AppliedPromotionId is not { } id || promotionCatalog.Find(id) is not { PointsBudget: not null } promotion)
        {
            return null;
        }
        var extra = MemberPricing.PromotionExtra(priced, id, promotion.PointsMultiplier);
        return extra > 0 ? (id, extra) : null;
    }

    private static List<ReceiptLine> EarnedLines(PricedCheckout priced, long earned)
    {
        var points = MemberPricing.LinePoints(priced, earned);
        return priced.Lines.Select((l, i) => new ReceiptLine(l.Sku, l.Quantity, l.UnitPrice, l.Discount, points[i],
            l.PromotionDiscount, l.PriceOffer)).ToList();
    }

    private TierProgressView ProjectedProgress(ProgramSettings program, string tier, TierMeasure metric, DateOnly today) =>
        MemberViews.Progress(program, new TierStatus { Tier = tier, Since = tier == State.Tier ? State.TierSince : today }, metric);

    /// <summary>Points balance and pending after a quoted checkout, without changing anything.</summary>
    private async Task<(long Balance, long Pending)> ProjectedBalance(long redeemed, long earned, ProgramSettings program)
    {
        if (Household is not { } household)
        {
            return PointsWallet.Project(State.Points, State.PendingPoints, State.PointsDebt, redeemed, earned, program.PendingDays > 0);
        }
        var pool = await household.Get(new GetHousehold(Key));
        if (pool is null || redeemed > pool.Points.Available)
        {
            throw new DomainException(ErrorCodes.InsufficientPoints, $"The household has {pool?.Points.Available ?? 0} points available.");
        }
        // The pool's balance, but this member's debt: the member pays it before earning reaches the pool.
        return PointsWallet.Project(pool.Points.Available, pool.Points.Pending, State.PointsDebt, redeemed, earned, program.PendingDays > 0);
    }

    /// <summary>
    /// Applies a priced checkout; returns the points balance and pending after it (the member's own, or the
    /// household pool's). A household refusal (limits, balance) comes before any change to this member.
    /// </summary>
    private async Task<(long Balance, long Pending)> Apply(MemberCheckout request, ProgramSettings program, DateTimeOffset now, DateOnly today,
        PricedCheckout priced, long pointsToCredit, CouponDiscount? coupon, string tierBefore, string tierAfter)
    {
        long toAvailable, toPending, capped, paidToDebt, balance, pending;
        if (Household is { } household)
        {
            (capped, paidToDebt) = EarningShare(program, today, pointsToCredit);
            var pool = await ApplyToPool(household, new PoolOperation(request.CheckoutId, Key, "checkout", request.StoreId,
                Spend: priced.PointsRedeemed, Earn: capped - paidToDebt));
            CountEarned(today, capped, paidToDebt);
            (toAvailable, toPending, balance, pending) = (0, 0, pool.Available, pool.Pending);
        }
        else
        {
            DebitTracked(priced.PointsRedeemed);
            var credit = CreditEarned(program, today, pointsToCredit, request.CheckoutId);
            (capped, paidToDebt) = (credit.Capped, credit.Wallet.PaidToDebt);
            toAvailable = credit.Wallet.ToAvailable - priced.PointsRedeemed;
            toPending = credit.Wallet.ToPending;
            (balance, pending) = (State.Points, State.PendingPoints);
        }
        if (coupon is { } used)
        {
            State.CouponPurse.Use(used.Code, request.CheckoutId);
        }
        State.Spend.Add(today, priced.QualifyingSpend);
        State.Spend.AddPurchase(today);
        State.Spend.Prune(today, HistoryMonths(program));
        if (program.ReviewRequiresPurchase)
        {
            State.ReviewableSkus.Bought(request.Lines.Select(l => l.Sku), today);
        }
        if (program.MembershipValidUntil(today) is { } until)
        {
            // Spending renews the membership (one store: a year from the last purchase).
            State.ValidUntil = until;
        }
        RememberOperation(request.CheckoutId, request.RequestHash);
        AppendLedger(new LedgerRow(Account, request.CheckoutId, "checkout", now, request.StoreId,
            PointsDelta: toAvailable,
            PendingDelta: toPending,
            SpendDelta: priced.QualifyingSpend,
            PointsAfter: State.Points,
            DataJson: JsonSerializer.Serialize(new CheckoutLedgerNote(capped, priced.PointsRedeemed,
                priced.AmountDue, request.CardNumber, program.Version, paidToDebt, coupon?.Code, priced.CouponDiscount,
                priced.StoredValueCharged, State.HouseholdId), GrainJson.Default.CheckoutLedgerNote)));
        if (tierAfter != tierBefore)
        {
            ChangeTier(now, today, tierAfter, $"{request.CheckoutId}:tier", "upgrade", request.StoreId);
        }
        RescheduleJobs(program, today);
        NotifyIfLarge(program, request.CheckoutId, capped - priced.PointsRedeemed, balance);
        return (balance, pending);
    }

    /// <summary>Moves the member to another tier with a ledger row and a care notification.</summary>
    private void ChangeTier(DateTimeOffset now, DateOnly today, string tier, string operationId, string reason, string? storeId)
    {
        var from = State.Tier;
        State.TierStatus.ChangeTo(tier, today);
        AppendLedger(new LedgerRow(Account, operationId, "tier", now, storeId,
            PointsAfter: State.Points,
            DataJson: JsonSerializer.Serialize(new TierLedgerNote(from, tier, reason), GrainJson.Default.TierLedgerNote)));
        Notify(NotificationKinds.TierChanged, operationId, new TierLedgerNote(from, tier, reason));
    }

    private async Task<Receipt> StoredReceipt(string checkoutId)
    {
        if (_receipts.Find(checkoutId) is { } cached)
        {
            return cached;
        }
        var record = await StoredCheckout(checkoutId)
            ?? throw new DomainException(ErrorCodes.Conflict, "The checkout is still being recorded; retry.");
        _receipts.Remember(checkoutId, record.Receipt);
        return record.Receipt;
    }

    private async Task<CheckoutRecord?> StoredCheckout(string checkoutId)
    {
        var document = await Storage.ReadDocumentAsync(Documents.Checkouts, checkoutId);
        return document is null ? null : JsonSerializer.Deserialize(document.BodyJson, GrainJson.Default.CheckoutRecord);
    }
}
