using System.Text.Json;
using Loyalty.Domain;
using Loyalty.Grains;
using Loyalty.Grains.Cards;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Members;
using Loyalty.Host.Infrastructure;
using Loyalty.Persistence.Storage;

namespace Loyalty.Host.Import;

/// <summary>
/// Builds the persisted states the grains would have written themselves (same JSON through
/// <see cref="GrainJson.Default"/>, same summary columns, same ledger conventions), so an imported member is
/// indistinguishable from a registered one and no grain has to be activated. Grain type names are those the
/// grains' ledgered states are declared with (<c>[LedgeredState("member")]</c>, <c>"card"</c>).
/// </summary>
public sealed class ImportWrites(ProgramSettings program, DateTimeOffset now, string byKeyId)
{
    public const string MemberType = "member";
    public const string CardType = "card";
    public const string PhoneType = "phone";

    private readonly DateOnly _today = ProgramCalendar.Today(program, now);

    public DateOnly Today => _today;

    /// <summary>The chain's stores: a row's home store must be one of them (null = not checked).</summary>
    public StoreDirectory? Stores { get; init; }

    public static StateId PhoneId(string phone) => new(PhoneType, PhoneIndexGrain.KeyFor(phone));

    /// <summary>Claims the phone for the row's member; expected version 0, so a taken phone is a version conflict.</summary>
    public StateWrite Phone(ValidImportRow row) => new(PhoneId(row.Phone), 0,
        JsonSerializer.Serialize(new PhoneIndexState { MemberId = row.MemberId }, GrainJson.Default.PhoneIndexState),
        new GrainSummary(), [], [], []);

    /// <summary>Gives a phone back (as PhoneIndexGrain.Release does) when its member could not be written.</summary>
    public static StateWrite ReleasePhone(ValidImportRow row) => new(PhoneId(row.Phone), 1,
        JsonSerializer.Serialize(new PhoneIndexState(), GrainJson.Default.PhoneIndexState), new GrainSummary(), [], [], []);

    /// <summary>
    /// The member as registration opens it (<see cref="MemberRegistration"/>), with the row's opening points, spend and
    /// card, and one ledger row <c>import</c> carrying the opening points and spend and the balance after, so
    /// "balance = sum of ledger" holds from the first row on. The due jobs the state implies (opening points expire)
    /// are written with it, as the grain would schedule them.
    /// </summary>
    public StateWrite Member(ValidImportRow row)
    {
        var state = new MemberState();
        var register = new RegisterMember(row.MemberId, row.Name, row.Phone, row.Birthday, null, row.HomeStoreId, null,
            new Actor("admin", null, byKeyId), Opening: new MemberOpening(row.RowId, row.OpeningPoints, row.OpeningSpend, row.CardNumber));
        var ledger = MemberRegistration.Open(state, program, now, register);
        var dueJobs = MemberJobPlan.Reschedule(program, _today, state);
        return new StateWrite(new StateId(MemberType, row.MemberId), 0,
            JsonSerializer.Serialize(state, GrainJson.Default.MemberState), state.Summarize(), [ledger], [], dueJobs);
    }

    public StateWrite Card(ValidImportRow row)
    {
        var state = new CardState
        {
            CardNumber = row.CardNumber!,
            MemberId = row.MemberId,
            Type = row.CardType,
            Status = CardStatus.Active,
            IssuedAt = now,
        };
        return new StateWrite(new StateId(CardType, row.CardNumber!), 0,
            JsonSerializer.Serialize(state, GrainJson.Default.CardState),
            new GrainSummary(Status: state.Status, StoredValue: 0m, Owner: state.MemberId),
            [
                new LedgerRow(LedgerAccounts.Card(row.CardNumber!), "issue", "card-issue", now, row.HomeStoreId,
                    DataJson: JsonSerializer.Serialize(new CardLedgerNote("issued (import)", byKeyId), GrainJson.Default.CardLedgerNote)),
            ], [], []);
    }
}
