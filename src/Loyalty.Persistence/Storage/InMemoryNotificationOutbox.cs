namespace Loyalty.Persistence.Storage;

/// <summary>The outbox over <see cref="InMemoryLedgerStore"/>: same contract as PostgreSQL, for the demo run and fast tests.</summary>
public sealed class InMemoryNotificationOutbox(InMemoryLedgerStore storage, string collection) : INotificationOutbox
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, DateTimeOffset> _acks = new();
    private readonly Dictionary<(string EventId, string Webhook), DeliveryRecord> _deliveries = new();
    private long _fannedOutThrough;

    public Task<IReadOnlyList<OutboxEntry>> ReadAsync(long after, int limit, CancellationToken ct = default)
    {
        var documents = storage.DocumentsAfter(collection, after, limit);
        lock (_lock)
        {
            IReadOnlyList<OutboxEntry> entries = documents
                .Select(d => new OutboxEntry(d.Sequence, d.Document.Id, d.Document.Owner, d.Document.BodyJson,
                    _acks.TryGetValue(d.Document.Id, out var at) ? at : null))
                .ToList();
            return Task.FromResult(entries);
        }
    }

    public async Task<DateTimeOffset?> AcknowledgeAsync(string eventId, DateTimeOffset at, CancellationToken ct = default)
    {
        if (await storage.ReadDocumentAsync(collection, eventId, ct) is null)
        {
            return null;
        }
        lock (_lock)
        {
            return _acks.TryAdd(eventId, at) ? at : _acks[eventId];
        }
    }

    public Task<int> EnqueueDeliveriesAsync(IReadOnlyList<string> webhooks, DateTimeOffset now, int limit, CancellationToken ct = default)
    {
        lock (_lock)
        {
            var documents = storage.DocumentsAfter(collection, _fannedOutThrough, limit);
            foreach (var (sequence, document) in documents)
            {
                foreach (var webhook in webhooks)
                {
                    _deliveries.TryAdd((document.Id, webhook),
                        new DeliveryRecord(document.Id, webhook, DeliveryStatus.Pending, 0, now, null, null));
                }
                _fannedOutThrough = sequence;
            }
            return Task.FromResult(documents.Count);
        }
    }

    public async Task<IReadOnlyList<OutboxDelivery>> ClaimDueAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken ct = default)
    {
        List<DeliveryRecord> claimed;
        lock (_lock)
        {
            claimed = _deliveries.Values
                .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now)
                .OrderBy(d => d.NextAttemptAt).Take(limit).ToList();
            foreach (var d in claimed)
            {
                _deliveries[(d.EventId, d.Webhook)] = d with { NextAttemptAt = leaseUntil };
            }
        }
        var result = new List<OutboxDelivery>(claimed.Count);
        foreach (var d in claimed)
        {
            var document = await storage.ReadDocumentAsync(collection, d.EventId, ct);
            result.Add(new OutboxDelivery(d.EventId, d.Webhook, document!.BodyJson, d.Attempts));
        }
        return result;
    }

    public Task RecordAttemptAsync(DeliveryAttempt attempt, CancellationToken ct = default)
    {
        lock (_lock)
        {
            var key = (attempt.EventId, attempt.Webhook);
            var current = _deliveries[key];
            _deliveries[key] = current with
            {
                Status = attempt.Status,
                Attempts = attempt.Attempts,
                NextAttemptAt = attempt.NextAttemptAt,
                LastError = attempt.Error ?? current.LastError,
                DeliveredAt = attempt.Status == DeliveryStatus.Delivered ? attempt.At : current.DeliveredAt,
            };
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<DeliveryRecord>> DeliveriesAsync(string eventId, CancellationToken ct = default)
    {
        lock (_lock)
        {
            IReadOnlyList<DeliveryRecord> records = _deliveries.Values.Where(d => d.EventId == eventId)
                .OrderBy(d => d.Webhook, StringComparer.Ordinal).ToList();
            return Task.FromResult(records);
        }
    }
}
