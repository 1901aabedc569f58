using System.Text.Json;
using Loyalty.Domain;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Members;
using Loyalty.Persistence.Storage;

namespace Loyalty.Grains.Cards;

/// <summary>
/// Stored value (储值): top-ups with bonus bands, charges at checkout (paid money first, bonus last), refunds.
/// Every change is a ledger row on <c>card:{number}</c> with the operation that caused it; never negative.
/// </summary>
public sealed partial class CardGrain
{
    private const int RecentKept = 64;
    private const int ChargesKept = 200;

    public async Task<TopUpResult> TopUp(TopUpCard request)
    {
        EnsureExists();
        var program = programs.Current;
        // Top-ups are rare beside checkouts: each looks up its id in storage, so a repeat of any age answers as the first.
        if (await Storage.ReadDocumentAsync(Documents.TopUps, request.TopUpId) is { } document)
        {
            var earlier = JsonSerializer.Deserialize(document.BodyJson, GrainJson.Default.TopUpRecord)!;
            return earlier.CardNumber == Key && earlier.Amount == request.Amount
                ? new TopUpResult(earlier.Answer, earlier.VoucherTemplateId)
                : throw new DomainException(ErrorCodes.IdempotencyMismatch, "This top-up id was used for another card or amount.");
        }
        if (State.RecentOperations.Contains(request.TopUpId))
        {
            // Recorded before top-ups kept their answer.
            return new TopUpResult(View(), State.TopUpVouchers?.GetValueOrDefault(request.TopUpId));
        }
        EnsureUsable();
        if (State.Type != CardTypes.StoredValue)
        {
            // Only a stored-value card (储值卡) holds prepaid money; standard and corporate cards cannot be topped up.
            throw new DomainException(ErrorCodes.Validation, $"Only storedValue cards can be topped up; this card is {State.Type}.");
        }
        if (TopUpRules.Refusal(program, request.Amount) is { } refusal)
        {
            throw new DomainException(ErrorCodes.Validation, refusal);
        }
        // The member decides the tier (a deposit may lift it); the bonus band is the one of the tier held before, as a
        // checkout's new tier applies from the next purchase.
        var deposit = await GrainFactory.GetGrain<IMemberGrain>(State.MemberId).Deposit(
            new DepositToMember(request.TopUpId, Key, request.Amount, State.Paid + State.Bonus, request.StoreId));
        var band = TopUpRules.Band(program, request.Amount, deposit.TierBefore);
        var bonus = TopUpRules.Bonus(program, request.Amount, deposit.TierBefore);
        State.Paid += request.Amount;
        State.Bonus += bonus;
        Remember(request.TopUpId);
        if (band?.CouponTemplateId is { } voucher)
        {
            (State.TopUpVouchers ??= [])[request.TopUpId] = voucher;
        }
        AppendLedger(new LedgerRow(Account, request.TopUpId, "top-up", Time.GetUtcNow(), request.StoreId,
            StoredValueDelta: request.Amount, BonusDelta: bonus, StoredValueAfter: State.Paid + State.Bonus,
            DataJson: JsonSerializer.Serialize(new CardLedgerNote("top-up", request.By.KeyId), GrainJson.Default.CardLedgerNote)));
        var answer = new TopUpResult(View(), band?.CouponTemplateId);
        WriteDocument(new DocumentRow(Documents.TopUps, request.TopUpId, Key,
            JsonSerializer.Serialize(new TopUpRecord(Key, request.Amount, answer.Card, answer.VoucherTemplateId), GrainJson.Default.TopUpRecord)));
        return answer;
    }

    public async Task<Receipt> Checkout(MemberCheckout request)
    {
        EnsureExists();
        EnsureUsable();
        var earlierCharge = State.Charges.Find(c => c.CheckoutId == request.CheckoutId);
        if (earlierCharge is null && !request.QuoteOnly && request.StoredValueAmount > State.Paid + State.Bonus)
        {
            earlierCharge = await StoredCharge(request.CheckoutId);
        }
        if (earlierCharge is null && request.StoredValueAmount > State.Paid + State.Bonus)
        {
            throw new DomainException(ErrorCodes.InsufficientStoredValue,
                $"The card holds {State.Paid + State.Bonus:0.00}, {request.StoredValueAmount:0.00} was asked.");
        }
        var receipt = await GrainFactory.GetGrain<IMemberGrain>(State.MemberId).Checkout(
            request with { CardNumber = Key, CorporateCard = State.Type == CardTypes.Corporate });
        var charge = receipt.StoredValueCharged;
        if (request.QuoteOnly)
        {
            return receipt with { StoredValueBalance = State.Paid + State.Bonus - charge };
        }
        if (charge > 0 && earlierCharge is null)
        {
            // Charges older than those kept in memory are looked up in storage (a repeat of an old checkout).
            earlierCharge = await StoredCharge(request.CheckoutId);
        }
        if (earlierCharge is not null)
        {
            // A repeat: the receipt as it was first answered, with the balance the card had then.
            return receipt with { StoredValueBalance = earlierCharge.BalanceAfter };
        }
        if (charge > 0)
        {
            // The member committed first; a failure here is finished by the client's retry with the same id
            // (the member answers its stored receipt and the card charges once).
            var paid = Math.Min(State.Paid, charge);
            var bonus = charge - paid;
            State.Paid -= paid;
            State.Bonus -= bonus;
            var recorded = new StoredValueCharge { CheckoutId = request.CheckoutId, Paid = paid, Bonus = bonus, BalanceAfter = State.Paid + State.Bonus };
            State.Charges.Add(recorded);
            if (State.Charges.Count > ChargesKept)
            {
                State.Charges.RemoveAt(0);
            }
            AppendLedger(new LedgerRow(Account, request.CheckoutId, "charge", Time.GetUtcNow(), request.StoreId,
                StoredValueDelta: -paid, BonusDelta: -bonus, StoredValueAfter: State.Paid + State.Bonus));
            WriteDocument(new DocumentRow(Documents.StoredValueCharges, request.CheckoutId, Key,
                JsonSerializer.Serialize(recorded, GrainJson.Default.StoredValueCharge)));
            await NoteBalance();
        }
        return receipt with { StoredValueBalance = State.Paid + State.Bonus };
    }

    public async Task<CardView> RefundStoredValue(RefundToCard request)
    {
        EnsureExists();
        if (State.RecentOperations.Contains(request.RefundId) || request.Amount <= 0)
        {
            return View();
        }
        // Bonus money was spent last, so it comes back first; without the charge on record it returns as paid money.
        var charge = State.Charges.Find(c => c.CheckoutId == request.CheckoutId);
        var bonusOpen = charge is null ? 0 : charge.Bonus - charge.RefundedBonus;
        var bonus = Math.Min(bonusOpen, request.Amount);
        var paid = request.Amount - bonus;
        if (charge is not null)
        {
            charge.RefundedBonus += bonus;
            charge.RefundedPaid += paid;
        }
        State.Paid += paid;
        State.Bonus += bonus;
        Remember(request.RefundId);
        AppendLedger(new LedgerRow(Account, request.RefundId, "refund", Time.GetUtcNow(), request.By.StoreId,
            StoredValueDelta: paid, BonusDelta: bonus, StoredValueAfter: State.Paid + State.Bonus,
            DataJson: JsonSerializer.Serialize(new CardLedgerNote("refund", request.By.KeyId, OtherCard: request.CheckoutId), GrainJson.Default.CardLedgerNote)));
        await NoteBalance();
        return View();
    }

    /// <summary>Tells the owner the card's balance (Card → Member), for the balance tier rule; only when the program has one.</summary>
    private async Task NoteBalance()
    {
        if (programs.Current.BalanceTiers.Count > 0)
        {
            await GrainFactory.GetGrain<IMemberGrain>(State.MemberId).NoteStoredValue(new NoteStoredValue(Key, State.Paid + State.Bonus));
        }
    }

    private async Task<StoredValueCharge?> StoredCharge(string checkoutId) =>
        await Storage.ReadDocumentAsync(Documents.StoredValueCharges, checkoutId) is { } document && document.Owner == Key
            ? JsonSerializer.Deserialize(document.BodyJson, GrainJson.Default.StoredValueCharge)
            : null;

    private void Remember(string operationId)
    {
        State.RecentOperations.Add(operationId);
        if (State.RecentOperations.Count > RecentKept)
        {
            State.TopUpVouchers?.Remove(State.RecentOperations[0]);
            State.RecentOperations.RemoveAt(0);
        }
    }
}
