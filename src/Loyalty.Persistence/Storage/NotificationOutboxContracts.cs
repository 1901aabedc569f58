namespace Loyalty.Persistence.Storage;

/// <summary>One outbox document as integrators read it: its position, id (the event id), owner and JSON body.</summary>
public sealed record OutboxEntry(long Sequence, string EventId, string Owner, string BodyJson, DateTimeOffset? AcknowledgedAt);

/// <summary>A webhook delivery claimed for an attempt: the body to post and the attempts made before.</summary>
public sealed record OutboxDelivery(string EventId, string Webhook, string BodyJson, int Attempts);

/// <summary>The outcome of one delivery attempt, as recorded.</summary>
public sealed record DeliveryAttempt(string EventId, string Webhook, string Status, int Attempts, DateTimeOffset At,
    DateTimeOffset? NextAttemptAt, string? Error);

/// <summary>A delivery's current record (admin views and tests).</summary>
public sealed record DeliveryRecord(string EventId, string Webhook, string Status, int Attempts, DateTimeOffset? NextAttemptAt,
    string? LastError, DateTimeOffset? DeliveredAt);

/// <summary>Delivery statuses: pending (will be tried at NextAttemptAt), delivered, dead (gave up after MaxAttempts).</summary>
public static class DeliveryStatus
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Dead = "dead";
}

/// <summary>
/// The notification outbox: documents of the outbox collection, written by grains in their commits, read in commit
/// order by integrators (with acknowledgements) and fanned out to webhooks with durable per-webhook delivery state.
/// Kept apart from <see cref="ILedgerStore"/>, which grains use on the hot path.
/// </summary>
public interface INotificationOutbox
{
    /// <summary>
    /// Entries after the entry at position <paramref name="after"/> (0 = from the start), in commit order. An entry
    /// is only returned once nothing committed earlier can still appear, so a reader that follows the positions
    /// never skips one.
    /// </summary>
    Task<IReadOnlyList<OutboxEntry>> ReadAsync(long after, int limit, CancellationToken ct = default);

    /// <summary>Records that the integrator has the event; answers the (first) acknowledgement time, null when no such event.</summary>
    Task<DateTimeOffset?> AcknowledgeAsync(string eventId, DateTimeOffset at, CancellationToken ct = default);

    /// <summary>Creates pending deliveries for every webhook for the next entries not yet fanned out; returns how many entries.</summary>
    Task<int> EnqueueDeliveriesAsync(IReadOnlyList<string> webhooks, DateTimeOffset now, int limit, CancellationToken ct = default);

    /// <summary>
    /// Pending deliveries due at <paramref name="now"/>; each is leased until <paramref name="leaseUntil"/> so another
    /// dispatcher does not post it at the same time (if this one dies, the lease runs out and it is tried again).
    /// </summary>
    Task<IReadOnlyList<OutboxDelivery>> ClaimDueAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken ct = default);

    Task RecordAttemptAsync(DeliveryAttempt attempt, CancellationToken ct = default);

    /// <summary>The delivery records of one event (one per webhook).</summary>
    Task<IReadOnlyList<DeliveryRecord>> DeliveriesAsync(string eventId, CancellationToken ct = default);
}
