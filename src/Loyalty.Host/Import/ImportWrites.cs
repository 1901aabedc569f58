using System.Text.Json;
using Loyalty.Domain;
using Loyalty.Domain.Tiers;
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
/// indistinguishable from a registered one and no grain has to be activated. Grain type names are those of
/// <see cref="GrainRegistrations"/>.
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

    public MemberState MemberState(ValidImportRow row)
    {
        var state = new MemberState
        {
            MemberId = row.MemberId,
            Name = row.Name,
            Phone = row.Phone,
            Birthday = row.Birthday,
            HomeStoreId = row.HomeStoreId,
            JoinedAt = now,
            Status = MemberStatus.Active,
            TierSince = _today,
            Points = row.OpeningPoints,
            LifetimePointsEarned = row.OpeningPoints,
        };
        state.StatusHistory.Add(new StatusChange { Status = MemberStatus.Active, Reason = "imported", By = byKeyId, At = now });
        if (row.OpeningPoints > 0)
        {
            state.Lots.Add(new PointsLot { EarnedOn = _today, Remaining = row.OpeningPoints });
        }
        state.Spend.Add(_today, row.OpeningSpend);
        var metric = program.QualifyingMetric == QualifyingMetric.PointsEarned ? row.OpeningPoints : row.OpeningSpend;
        state.Tier = TierRules.Upgrade(program, program.Tiers[0].Id, metric, 0m);
        if (row.CardNumber is not null)
        {
            state.Cards.Add(row.CardNumber);
        }
        return state;
    }

    /// <summary>
    /// The member with one ledger row <c>import</c> carrying the opening points and spend and the balance after,
    /// so "balance = sum of ledger" holds from the first row on.
    /// </summary>
    public StateWrite Member(ValidImportRow row) => MemberWrite(row, MemberState(row), 0,
    [
        new LedgerRow(LedgerAccounts.Member(row.MemberId), "import", "import", now, row.HomeStoreId,
            PointsDelta: row.OpeningPoints, SpendDelta: row.OpeningSpend, PointsAfter: row.OpeningPoints,
            DataJson: JsonSerializer.Serialize(new LedgerNote($"imported row {row.RowId}", byKeyId), GrainJson.Default.LedgerNote)),
    ]);

    private static StateWrite MemberWrite(ValidImportRow row, MemberState state, long expected, IReadOnlyList<LedgerRow> ledger) => new(
        new StateId(MemberType, row.MemberId), expected,
        JsonSerializer.Serialize(state, GrainJson.Default.MemberState),
        new GrainSummary(state.Status, state.Tier, state.HomeStoreId, state.Points, state.PendingPoints, 0m, state.Spend.Lifetime, state.HouseholdId),
        ledger, [], []);

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
