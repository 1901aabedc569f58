using Loyalty.Domain;
using Loyalty.Grains.Contracts;

namespace Loyalty.Grains.Members;

/// <summary>Stored value as the member sees it (domain.md §5): a deposit can qualify a tier, a balance can keep one at review.</summary>
public sealed partial class MemberGrain
{
    private const string DepositPrefix = "deposit:";

    public Task<DepositResult> Deposit(DepositToMember request)
    {
        EnsureExists();
        if (FindRecent(request.TopUpId) is { } seen && seen.Hash.StartsWith(DepositPrefix, StringComparison.Ordinal))
        {
            // A retried top-up (the card did not commit): the same tier before, so the same bonus band.
            return Task.FromResult(new DepositResult(seen.Hash[DepositPrefix.Length..], State.Tier));
        }
        var program = programs.Current;
        var now = Time.GetUtcNow();
        var today = ProgramCalendar.Today(program, now);
        var before = State.Tier;
        if (State.Status == MemberStatus.Active && TopUpRules.TierForDeposit(program, request.Amount) is { } reached
            && program.TierIndex(reached) > program.TierIndex(before))
        {
            ChangeTier(now, today, reached, $"{request.TopUpId}:tier", "deposit", request.StoreId);
        }
        (State.StoredValue ??= [])[request.CardNumber] = request.BalanceBefore + request.Amount + TopUpRules.Bonus(program, request.Amount, before);
        RememberOperation(request.TopUpId, DepositPrefix + before);
        MarkChanged();
        return Task.FromResult(new DepositResult(before, State.Tier));
    }

    public Task NoteStoredValue(NoteStoredValue request)
    {
        EnsureExists();
        var balances = State.StoredValue ??= [];
        balances[request.CardNumber] = request.Balance;
        // Cards that are no longer the member's (replaced, moved by a merge) leave the record.
        foreach (var card in balances.Keys.Where(c => !State.Cards.Contains(c) && c != request.CardNumber).ToList())
        {
            balances.Remove(card);
        }
        MarkChanged();
        return Task.CompletedTask;
    }
}
