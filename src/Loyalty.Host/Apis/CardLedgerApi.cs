using System.Security.Claims;
using Loyalty.Grains;
using Loyalty.Host.Auth;
using Loyalty.Host.Infrastructure;
using Loyalty.Persistence.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loyalty.Host.Apis;

/// <summary>
/// One stored-value change of a card: <c>paid</c> and <c>bonus</c> are the signed changes of the two kinds of money
/// (a charge is negative), <c>amount</c> their sum, <c>balanceAfter</c> the card's paid + bonus after the change.
/// </summary>
public sealed record CardLedgerEntryResponse(long Sequence, string OperationId, string Kind, DateTimeOffset At, string? StoreId,
    decimal Paid, decimal Bonus, decimal Amount, decimal BalanceAfter, string? Data);

public sealed record CardLedgerResponse(IReadOnlyList<CardLedgerEntryResponse> Entries, long? NextBefore);

/// <summary>The stored-value history of a card (储值明细), read from the card's ledger, newest first.</summary>
public static class CardLedgerApi
{
    /// <summary>
    /// Pages like the member ledger (<c>limit</c>, <c>before</c> = the <c>nextBefore</c> of the previous page). Only rows
    /// that moved money are listed: the card's other rows (issued, lost, found) are skipped, reading on until the page
    /// is full. Read at the owner's home store or by an admin, as the member ledger.
    /// </summary>
    public static async Task<Results<Ok<CardLedgerResponse>, ValidationProblem, ProblemHttpResult>> GetCardLedger(
        string cardNumber, int? limit, long? before, ClaimsPrincipal user, IGrainFactory grains, ILedgerStore storage)
    {
        var take = limit ?? 50;
        if (take is < 1 or > 500)
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["limit"] = ["Between 1 and 500."] });
        }
        var (_, problem) = await CardApi.OwnCard(cardNumber, Caller.From(user), grains, "A card's ledger is read");
        if (problem is not null)
        {
            return problem;
        }
        var account = LedgerAccounts.Card(cardNumber);
        var entries = new List<CardLedgerEntryResponse>();
        var cursor = before;
        while (entries.Count < take)
        {
            var rows = await storage.ReadLedgerAsync(account, take, cursor);
            foreach (var e in rows.Where(e => e.Row.StoredValueDelta != 0 || e.Row.BonusDelta != 0).Take(take - entries.Count))
            {
                entries.Add(new CardLedgerEntryResponse(e.Sequence, e.Row.OperationId, e.Row.Kind, e.Row.At, e.Row.StoreId,
                    e.Row.StoredValueDelta, e.Row.BonusDelta, e.Row.StoredValueDelta + e.Row.BonusDelta, e.Row.StoredValueAfter, e.Row.DataJson));
            }
            if (rows.Count < take)
            {
                break;
            }
            cursor = rows[^1].Sequence;
        }
        return TypedResults.Ok(new CardLedgerResponse(entries, entries.Count == take ? entries[^1].Sequence : null));
    }
}
