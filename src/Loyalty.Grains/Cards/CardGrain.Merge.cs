using System.Text.Json;
using Loyalty.Grains.Contracts;
using Loyalty.Persistence.Storage;

namespace Loyalty.Grains.Cards;

/// <summary>Member merge, card side: the card keeps its number, status and stored value and now belongs to the survivor.</summary>
public sealed partial class CardGrain
{
    public async Task<CardView> Rehome(RehomeCard request)
    {
        EnsureExists();
        if (State.MemberId == request.MemberId)
        {
            return View();
        }
        var from = State.MemberId;
        State.MemberId = request.MemberId;
        AppendLedger(new LedgerRow(Account, $"merge:{request.MergeId}", "card-rehome", Time.GetUtcNow(), request.By.StoreId,
            StoredValueAfter: State.Paid + State.Bonus,
            DataJson: JsonSerializer.Serialize(new CardLedgerNote($"re-homed from merged member {from}", request.By.KeyId), GrainJson.Default.CardLedgerNote)));
        await NoteBalance();
        return View();
    }
}
