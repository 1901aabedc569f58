using System.Text.Json;
using Loyalty.Domain;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Members;
using Loyalty.Grains.Program;
using Loyalty.Persistence;
using Loyalty.Persistence.Storage;

namespace Loyalty.Grains.Cards;

/// <summary>
/// The card grain. A lost or replaced card is refused before anything else happens; an active card forwards
/// the checkout to its member. Replacement is two idempotent steps (old card, then new card) so a failure
/// between them is finished by retrying the same request.
/// </summary>
[GrainType(StateTypes.Card)]
public sealed partial class CardGrain(
    [LedgeredState(StateTypes.Card, OwnerType = StateTypes.Member)] ILedgeredState<CardState> state,
    IProgramProvider programs)
    : LedgeredGrain<CardState>(state), ICardGrain
{

    private string Account => LedgerAccounts.Card(Key);

    public async Task<CardView> Issue(IssueCard request)
    {
        if (!IsNew)
        {
            if (State.MemberId == request.MemberId && State.Type == request.Type)
            {
                return View();
            }
            throw new DomainException(ErrorCodes.CardNumberTaken, "This card number is already in use.");
        }
        await GrainFactory.GetGrain<IMemberGrain>(request.MemberId).AttachCard(new AttachCard(Key, null));
        var now = Time.GetUtcNow();
        State.CardNumber = Key;
        State.MemberId = request.MemberId;
        State.Type = request.Type;
        State.Status = CardStatus.Active;
        State.IssuedAt = now;
        // The card fee (工本费), when the program charges one, is recorded with the issue: paid at the counter, or from
        // the stored value of the card named (charged there, in that card's ledger).
        AppendLedger(new LedgerRow(Account, "issue", "card-issue", now, request.By.StoreId,
            DataJson: JsonSerializer.Serialize(request.Fee > 0
                ? new CardLedgerNote("issued", request.By.KeyId, request.Fee, request.FeeCardNumber, request.FeePaidWith ?? FeePayment.Counter)
                : new CardLedgerNote("issued", request.By.KeyId), GrainJson.Default.CardLedgerNote)));
        return View();
    }

    public Task<CardView?> Get(GetCard request) => Task.FromResult(IsNew ? null : View());

    public Task<CardView> ReportLost(ReportCardLost request)
    {
        EnsureExists();
        if (State.Status == CardStatus.Replaced)
        {
            throw new DomainException(ErrorCodes.CardReplaced, "This card was replaced.");
        }
        if (State.Status != CardStatus.Lost)
        {
            var now = Time.GetUtcNow();
            State.Status = CardStatus.Lost;
            State.LostAt = now;
            AppendLedger(new LedgerRow(Account, "lost", "card-lost", now, request.By.StoreId,
                StoredValueAfter: State.Paid + State.Bonus,
                DataJson: JsonSerializer.Serialize(new CardLedgerNote("reported lost", request.By.KeyId), GrainJson.Default.CardLedgerNote)));
        }
        return Task.FromResult(View());
    }

    public Task<CardView> Replace(ReplaceCard request)
    {
        EnsureExists();
        if (State.Status == CardStatus.Replaced)
        {
            if (request.NewCardNumber != State.ReplacedBy)
            {
                // A second replacement with another number must not be answered with the first one as if it happened.
                throw new DomainException(ErrorCodes.CardReplaced, $"This card was already replaced by {State.ReplacedBy}.");
            }
            // Already replaced: answer the replacement that happened, so the caller can finish its second step.
            return Task.FromResult(View() with { StoredValue = new StoredValueView(State.HandedOverPaid, State.HandedOverBonus) });
        }
        if (request.NewCardNumber == Key)
        {
            throw new DomainException(ErrorCodes.Validation, "The new card number must differ from the old one.");
        }
        var now = Time.GetUtcNow();
        var program = programs.Current;
        EnsureInReplacementWindow(program, request.AskedAt ?? now);
        var fee = program.CardReplacementFee;
        var fromStoredValue = request.FeePaidWith == FeePayment.StoredValue && fee > 0;
        if (fromStoredValue && fee > State.Paid + State.Bonus)
        {
            throw new DomainException(ErrorCodes.InsufficientStoredValue,
                $"The card holds {State.Paid + State.Bonus:0.00}; the replacement fee is {fee:0.00}.");
        }
        if (fromStoredValue)
        {
            // The fee is paid from the old card before the rest is handed over: paid money first, bonus last.
            var feePaid = Math.Min(State.Paid, fee);
            var feeBonus = fee - feePaid;
            State.Paid -= feePaid;
            State.Bonus -= feeBonus;
            AppendLedger(new LedgerRow(Account, "replace-fee", "fee", now, request.By.StoreId,
                StoredValueDelta: -feePaid, BonusDelta: -feeBonus, StoredValueAfter: State.Paid + State.Bonus,
                DataJson: JsonSerializer.Serialize(new CardLedgerNote("replacement fee", request.By.KeyId, fee, request.NewCardNumber, FeePayment.StoredValue),
                    GrainJson.Default.CardLedgerNote)));
        }
        var (paid, bonus) = (State.Paid, State.Bonus);
        State.Status = CardStatus.Replaced;
        State.ReplacedBy = request.NewCardNumber;
        State.Paid = 0;
        State.Bonus = 0;
        State.HandedOverPaid = paid;
        State.HandedOverBonus = bonus;
        var view = View() with { StoredValue = new StoredValueView(paid, bonus) };
        AppendLedger(new LedgerRow(Account, "replace", "card-replace-out", now, request.By.StoreId,
            StoredValueDelta: -paid, BonusDelta: -bonus, StoredValueAfter: 0,
            DataJson: JsonSerializer.Serialize(new CardLedgerNote("replaced", request.By.KeyId,
                fee, request.NewCardNumber, fee > 0 ? request.FeePaidWith ?? FeePayment.Counter : null), GrainJson.Default.CardLedgerNote)));
        return Task.FromResult(view);
    }

    public Task<CardView> Found(ReportCardFound request)
    {
        EnsureExists();
        if (State.Status == CardStatus.Replaced)
        {
            throw new DomainException(ErrorCodes.CardReplaced, "This card was replaced; the replacement is the card in use.");
        }
        if (State.Status == CardStatus.Lost)
        {
            var now = Time.GetUtcNow();
            State.Status = CardStatus.Active;
            State.LostAt = null;
            AppendLedger(new LedgerRow(Account, $"found:{Guid.NewGuid():N}", "card-found", now, request.By.StoreId,
                StoredValueAfter: State.Paid + State.Bonus,
                DataJson: JsonSerializer.Serialize(new CardLedgerNote("found: loss report withdrawn", request.By.KeyId), GrainJson.Default.CardLedgerNote)));
        }
        return Task.FromResult(View());
    }

    public Task<CardView> ChargeFee(ChargeCardFee request)
    {
        EnsureExists();
        var seen = State.Fees.Find(f => f.CheckoutId == request.FeeId);
        var now = Time.GetUtcNow();
        if (request.Reverse)
        {
            if (seen is null || seen.RefundedPaid + seen.RefundedBonus > 0)
            {
                return Task.FromResult(View());
            }
            seen.RefundedPaid = seen.Paid;
            seen.RefundedBonus = seen.Bonus;
            State.Paid += seen.Paid;
            State.Bonus += seen.Bonus;
            AppendLedger(new LedgerRow(Account, $"fee-back:{request.FeeId}", "fee-back", now, request.By.StoreId,
                StoredValueDelta: seen.Paid, BonusDelta: seen.Bonus, StoredValueAfter: State.Paid + State.Bonus,
                DataJson: JsonSerializer.Serialize(new CardLedgerNote($"{request.Note} given back", request.By.KeyId, seen.Paid + seen.Bonus,
                    FeePaidWith: FeePayment.StoredValue), GrainJson.Default.CardLedgerNote)));
            return Task.FromResult(View());
        }
        if (seen is not null)
        {
            return Task.FromResult(View());
        }
        EnsureUsable();
        if (request.Amount <= 0 || request.Amount > State.Paid + State.Bonus)
        {
            throw new DomainException(ErrorCodes.InsufficientStoredValue,
                $"The card holds {State.Paid + State.Bonus:0.00}; the fee is {request.Amount:0.00}.");
        }
        var paid = Math.Min(State.Paid, request.Amount);
        var bonus = request.Amount - paid;
        State.Paid -= paid;
        State.Bonus -= bonus;
        State.Fees.Add(new StoredValueCharge { CheckoutId = request.FeeId, Paid = paid, Bonus = bonus });
        AppendLedger(new LedgerRow(Account, $"fee:{request.FeeId}", "fee", now, request.By.StoreId,
            StoredValueDelta: -paid, BonusDelta: -bonus, StoredValueAfter: State.Paid + State.Bonus,
            DataJson: JsonSerializer.Serialize(new CardLedgerNote(request.Note, request.By.KeyId, request.Amount, FeePaidWith: FeePayment.StoredValue),
                GrainJson.Default.CardLedgerNote)));
        return Task.FromResult(View());
    }

    /// <summary>
    /// With a replacement window (ProgramSettings.ReplacementWindowDays), a lost card is replaced only within that many
    /// days of the loss report, counted from when the replacement was asked (an approval may take longer).
    /// </summary>
    private void EnsureInReplacementWindow(ProgramSettings program, DateTimeOffset askedAt)
    {
        if (program.ReplacementWindowDays is { } days && State.Status == CardStatus.Lost && State.LostAt is { } lostAt && askedAt > lostAt.AddDays(days))
        {
            throw new DomainException(ErrorCodes.ReplacementWindowClosed,
                $"A lost card is replaced within {days} days of the loss report ({lostAt:yyyy-MM-dd HH:mm} UTC).");
        }
    }

    public async Task<CardView> TakeOver(TakeOverCard request)
    {
        if (!IsNew)
        {
            if (State.Replaces == request.OldCardNumber)
            {
                return View();
            }
            throw new DomainException(ErrorCodes.CardNumberTaken, "The new card number is already in use.");
        }
        await GrainFactory.GetGrain<IMemberGrain>(request.MemberId).AttachCard(new AttachCard(Key, request.OldCardNumber));
        var now = Time.GetUtcNow();
        State.CardNumber = Key;
        State.MemberId = request.MemberId;
        State.Type = request.Type;
        State.Status = CardStatus.Active;
        State.Replaces = request.OldCardNumber;
        State.Paid = request.Paid;
        State.Bonus = request.Bonus;
        State.IssuedAt = now;
        AppendLedger(new LedgerRow(Account, $"replace:{request.OldCardNumber}", "card-replace-in", now, request.By.StoreId,
            StoredValueDelta: request.Paid, BonusDelta: request.Bonus, StoredValueAfter: request.Paid + request.Bonus,
            DataJson: JsonSerializer.Serialize(new CardLedgerNote("replacement", request.By.KeyId, OtherCard: request.OldCardNumber),
                GrainJson.Default.CardLedgerNote)));
        await NoteBalance();
        return View();
    }

    private void EnsureExists()
    {
        if (IsNew)
        {
            throw new DomainException(ErrorCodes.NotFound, "Card not found.");
        }
    }

    private void EnsureUsable() => EnsureUsable(State.Status);

    /// <summary>A lost or replaced card is refused before anything else happens.</summary>
    public static void EnsureUsable(string status)
    {
        if (status == CardStatus.Lost)
        {
            throw new DomainException(ErrorCodes.CardLost, "This card was reported lost and is blocked.");
        }
        if (status == CardStatus.Replaced)
        {
            throw new DomainException(ErrorCodes.CardReplaced, "This card was replaced by another card.");
        }
    }

    private CardView View() => new(State.CardNumber, State.MemberId, State.Type, State.Status,
        new StoredValueView(State.Paid, State.Bonus), State.ReplacedBy, State.Replaces, State.IssuedAt, State.LostAt);
}
