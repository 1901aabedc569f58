using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Loyalty.Grains;
using Loyalty.Grains.Members;
using Loyalty.Persistence.Storage;

namespace Loyalty.Host.Import;

/// <summary>
/// Bulk member import straight into grain storage, without activating grains. Rows are taken in batches; each
/// batch is three group writes with expected version 0: the phone index entries first (a taken phone is a row
/// error and its member is never written), then the cards (a card of another member is a row error), then the
/// members (a version conflict means the row was imported before: "exists"). Re-sending rows is therefore safe, and an import cut
/// off anywhere can be resumed by sending the file again. A few batches run at once; the primary keys settle
/// any race between them.
/// </summary>
public sealed class MemberImporter(ILedgerStore storage, ImportWrites writes, int batchSize = 1000, int parallelism = 2)
{
    private const int ConflictReadParallelism = 16;
    private const string PhoneTaken = "phone: already registered to another member.";

    private long _rows;
    private long _imported;
    private long _exists;
    private long _errors;

    public async Task<ImportTotals> RunAsync(
        IAsyncEnumerable<ParsedRow> rows, Func<IReadOnlyList<ImportRowResult>, Task> report, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var batches = Channel.CreateBounded<List<ParsedRow>>(Math.Max(1, parallelism));
        using var reporting = new SemaphoreSlim(1, 1);
        var workers = Enumerable.Range(0, Math.Max(1, parallelism)).Select(_ => Task.Run(async () =>
        {
            await foreach (var batch in batches.Reader.ReadAllAsync(ct))
            {
                var results = await ImportBatchAsync(batch, ct);
                await reporting.WaitAsync(ct);
                try
                {
                    await report(results);
                }
                finally
                {
                    reporting.Release();
                }
            }
        }, ct)).ToArray();

        try
        {
            var current = new List<ParsedRow>(batchSize);
            await foreach (var row in rows.WithCancellation(ct))
            {
                current.Add(row);
                if (current.Count >= batchSize)
                {
                    await batches.Writer.WriteAsync(current, ct);
                    current = new List<ParsedRow>(batchSize);
                }
            }
            if (current.Count > 0)
            {
                await batches.Writer.WriteAsync(current, ct);
            }
        }
        finally
        {
            batches.Writer.TryComplete();
        }
        await Task.WhenAll(workers);
        return new ImportTotals(_rows, _imported, _exists, _errors, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    private async Task<IReadOnlyList<ImportRowResult>> ImportBatchAsync(List<ParsedRow> batch, CancellationToken ct)
    {
        var results = new ImportRowResult?[batch.Count];
        var valid = new List<(int Index, ValidImportRow Row)>(batch.Count);
        var phones = new HashSet<string>(StringComparer.Ordinal);
        var members = new HashSet<string>(StringComparer.Ordinal);
        var cards = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < batch.Count; i++)
        {
            var (row, error) = ImportRowValidator.Validate(batch[i], writes.Today, writes.Stores);
            // Within one batch the first row wins, as it would had the rows come in separate batches.
            error ??= !members.Add(row!.MemberId) ? "memberId: appears more than once."
                : !phones.Add(PhoneIndexGrain.KeyFor(row.Phone)) ? PhoneTaken
                : row.CardNumber is { } card && !cards.Add(card) ? "cardNumber: already in use."
                : null;
            if (error is not null)
            {
                results[i] = Error(batch[i], row, error);
            }
            else
            {
                valid.Add((i, row!));
            }
        }

        // 1. Phones. A conflict is fine when the phone already names this row's member (an earlier, interrupted
        // send); a phone released earlier (no owner) is claimed at its current version.
        var phoneResults = await storage.WriteBatchAsync(valid.Select(v => writes.Phone(v.Row)).ToList(), ct);
        var phoneClaimedNow = new HashSet<int>();
        var phoneClashes = new List<(int Index, ValidImportRow Row)>();
        for (var k = 0; k < valid.Count; k++)
        {
            if (phoneResults[k].Outcome == WriteOutcome.Committed)
            {
                phoneClaimedNow.Add(valid[k].Index);
            }
            else
            {
                phoneClashes.Add(valid[k]);
            }
        }
        var phoneOwners = await ReadOwnersAsync(phoneClashes.Select(v => ImportWrites.PhoneId(v.Row.Phone)).ToList(),
            json => JsonSerializer.Deserialize(json, GrainJson.Default.PhoneIndexState)?.MemberId, ct);
        var reclaim = new List<(int Index, ValidImportRow Row, long Version)>();
        for (var k = 0; k < phoneClashes.Count; k++)
        {
            var (index, row) = phoneClashes[k];
            if (phoneOwners[k].Owner is null && phoneOwners[k].Version > 0)
            {
                reclaim.Add((index, row, phoneOwners[k].Version));
            }
            else if (phoneOwners[k].Owner != row.MemberId)
            {
                results[index] = Error(batch[index], row, PhoneTaken);
            }
        }
        if (reclaim.Count > 0)
        {
            var reclaimed = await storage.WriteBatchAsync(reclaim.Select(r => writes.Phone(r.Row) with { ExpectedVersion = r.Version }).ToList(), ct);
            for (var k = 0; k < reclaim.Count; k++)
            {
                if (reclaimed[k].Outcome == WriteOutcome.Committed)
                {
                    phoneClaimedNow.Add(reclaim[k].Index);
                }
                else
                {
                    results[reclaim[k].Index] = Error(batch[reclaim[k].Index], reclaim[k].Row, PhoneTaken);
                }
            }
        }
        valid.RemoveAll(v => results[v.Index] is not null);

        // 2. Cards, before their member, so a member never lists a card that belongs to someone else.
        var release = new List<StateWrite>();
        var withCard = valid.Where(v => v.Row.CardNumber is not null).ToList();
        var cardResults = await storage.WriteBatchAsync(withCard.Select(v => writes.Card(v.Row)).ToList(), ct);
        var cardClashes = withCard.Where((_, k) => cardResults[k].Outcome != WriteOutcome.Committed).ToList();
        var cardOwners = await ReadOwnersAsync(cardClashes.Select(v => new StateId(ImportWrites.CardType, v.Row.CardNumber!)).ToList(),
            json => JsonSerializer.Deserialize(json, GrainJson.Default.CardState)?.MemberId, ct);
        for (var k = 0; k < cardClashes.Count; k++)
        {
            var (index, row) = cardClashes[k];
            if (cardOwners[k].Owner != row.MemberId)
            {
                results[index] = Error(batch[index], row, "cardNumber: already in use.");
                if (phoneClaimedNow.Contains(index))
                {
                    release.Add(ImportWrites.ReleasePhone(row));
                }
            }
        }
        valid.RemoveAll(v => results[v.Index] is not null);

        // 3. Members. A conflict is a re-sent row ("exists") unless this send had to claim the phone: then the
        // member id belongs to someone else.
        var memberResults = await storage.WriteBatchAsync(valid.Select(v => writes.Member(v.Row)).ToList(), ct);
        for (var k = 0; k < valid.Count; k++)
        {
            var (index, row) = valid[k];
            if (memberResults[k].Outcome == WriteOutcome.Committed)
            {
                results[index] = new ImportRowResult(row.RowId, ImportStatus.Imported, row.MemberId, null, row.Line);
            }
            else if (!phoneClaimedNow.Contains(index))
            {
                results[index] = new ImportRowResult(row.RowId, ImportStatus.Exists, row.MemberId, null, row.Line);
            }
            else
            {
                results[index] = Error(batch[index], row, "memberId: already used by another member.");
                release.Add(ImportWrites.ReleasePhone(row));
            }
        }
        if (release.Count > 0)
        {
            await storage.WriteBatchAsync(release, ct);
        }

        foreach (var result in results)
        {
            Interlocked.Increment(ref _rows);
            if (result!.Status == ImportStatus.Imported)
            {
                Interlocked.Increment(ref _imported);
            }
            else if (result.Status == ImportStatus.Exists)
            {
                Interlocked.Increment(ref _exists);
            }
            else
            {
                Interlocked.Increment(ref _errors);
            }
        }
        return results!;
    }

    private async Task<(string? Owner, long Version)[]> ReadOwnersAsync(IReadOnlyList<StateId> ids, Func<string, string?> owner, CancellationToken ct)
    {
        var owners = new (string? Owner, long Version)[ids.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, ids.Count),
            new ParallelOptions { MaxDegreeOfParallelism = ConflictReadParallelism, CancellationToken = ct },
            async (i, token) =>
            {
                var stored = await storage.ReadAsync(ids[i], token);
                owners[i] = stored is null ? (null, 0) : (owner(stored.StateJson), stored.Version);
            });
        return owners;
    }

    private static ImportRowResult Error(ParsedRow parsed, ValidImportRow? row, string error) =>
        new(parsed.Row?.RowId, ImportStatus.Error, row?.MemberId, error, parsed.Line);
}
