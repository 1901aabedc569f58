using System.Diagnostics.Metrics;
using System.Net.Http.Headers;
using System.Text;
using Loyalty.Host.Infrastructure;
using Loyalty.Persistence;
using Loyalty.Persistence.Storage;
using Microsoft.Extensions.Options;

namespace Loyalty.Host.Notifications;

/// <summary>
/// Pushes outbox notifications to the configured webhooks: each notification gets a delivery per receiver, posted
/// with its event id and an HMAC signature, retried with exponential back-off on failure (timed by the registered
/// <see cref="TimeProvider"/>) and dead-lettered after <see cref="WebhookOptions.MaxAttempts"/>. Delivery is at
/// least once (a crash after the POST and before recording it sends again), so receivers de-duplicate by event id.
/// The cluster runs passes through <see cref="Cluster.WebhookDispatcherGrain"/> (one per cluster, on a grain timer).
/// </summary>
public sealed partial class WebhookDispatcher(
    INotificationOutbox outbox,
    IHttpClientFactory httpClients,
    TimeProvider time,
    IOptions<WebhookOptions> options,
    ILogger<WebhookDispatcher> logger)
{
    public const string HttpClientName = "webhooks";

    private static readonly Counter<long> Attempts = LoyaltyMeter.Meter.CreateCounter<long>(
        "loyalty.webhooks.attempts", "{attempt}", "Webhook delivery attempts by outcome (delivered, retry, dead)");

    private readonly SemaphoreSlim _gate = new(1, 1);

    private WebhookOptions Options => options.Value;

    /// <summary>Fans out new notifications, then makes every attempt that is due now; answers the counts.</summary>
    public async Task<WebhookPassReport> RunOnceAsync(CancellationToken ct)
    {
        var endpoints = Options.Endpoints.ToDictionary(e => e.Name, StringComparer.Ordinal);
        if (endpoints.Count == 0)
        {
            return new WebhookPassReport(0, 0, 0, 0);
        }
        await _gate.WaitAsync(ct);
        try
        {
            var batch = Math.Max(1, Options.BatchSize);
            var names = endpoints.Keys.ToList();
            int enqueued = 0, delivered = 0, retried = 0, dead = 0;
            int read;
            do
            {
                read = await outbox.EnqueueDeliveriesAsync(names, time.GetUtcNow(), batch, ct);
                enqueued += read;
            }
            while (read == batch);

            var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Options.Parallelism), CancellationToken = ct };
            IReadOnlyList<OutboxDelivery> claimed;
            do
            {
                var now = time.GetUtcNow();
                // The lease outlives one attempt, so a crashed dispatcher's claims come back after it.
                claimed = await outbox.ClaimDueAsync(now, now + Options.Timeout * 2, batch, ct);
                await Parallel.ForEachAsync(claimed, parallel, async (delivery, token) =>
                {
                    var status = endpoints.TryGetValue(delivery.Webhook, out var endpoint)
                        ? await AttemptAsync(endpoint, delivery, token)
                        // A receiver removed from the configuration: nothing to deliver to any more.
                        : await RecordAsync(delivery, DeliveryStatus.Dead, "receiver no longer configured", token);
                    switch (status)
                    {
                        case DeliveryStatus.Delivered:
                            Interlocked.Increment(ref delivered);
                            break;
                        case DeliveryStatus.Dead:
                            Interlocked.Increment(ref dead);
                            break;
                        default:
                            Interlocked.Increment(ref retried);
                            break;
                    }
                });
            }
            while (claimed.Count == batch);
            return new WebhookPassReport(enqueued, delivered, retried, dead);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<string> AttemptAsync(WebhookEndpoint endpoint, OutboxDelivery delivery, CancellationToken ct)
    {
        var body = Encoding.UTF8.GetBytes(delivery.BodyJson);
        string? error;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url);
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            request.Headers.Add(WebhookSignature.EventIdHeader, delivery.EventId);
            request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(endpoint.Secret, body));
            request.Headers.Add(WebhookSignature.AttemptHeader, (delivery.Attempts + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(Options.Timeout);
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
            if (response.IsSuccessStatusCode)
            {
                return await RecordAsync(delivery, DeliveryStatus.Delivered, null, ct);
            }
            error = $"HTTP {(int)response.StatusCode}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            error = e is TaskCanceledException ? "timeout" : e.Message;
        }
        var status = delivery.Attempts + 1 >= Options.MaxAttempts ? DeliveryStatus.Dead : DeliveryStatus.Pending;
        return await RecordAsync(delivery, status, error, ct);
    }

    private async Task<string> RecordAsync(OutboxDelivery delivery, string status, string? error, CancellationToken ct)
    {
        var attempts = delivery.Attempts + 1;
        var now = time.GetUtcNow();
        DateTimeOffset? next = status == DeliveryStatus.Pending ? now + Options.BackOff(attempts) : null;
        await outbox.RecordAttemptAsync(new DeliveryAttempt(delivery.EventId, delivery.Webhook, status, attempts, now, next, error), ct);
        Attempts.Add(1, new KeyValuePair<string, object?>("outcome", status == DeliveryStatus.Pending ? "retry" : status));
        switch (status)
        {
            case DeliveryStatus.Delivered:
                LogDelivered(delivery.EventId, delivery.Webhook, attempts);
                break;
            case DeliveryStatus.Dead:
                LogDead(delivery.EventId, delivery.Webhook, attempts, error);
                break;
            default:
                LogRetry(delivery.EventId, delivery.Webhook, attempts, error, next!.Value);
                break;
        }
        return status;
    }

    [LoggerMessage(EventId = LogEvents.WebhookDelivered, Level = LogLevel.Debug, Message = "Delivered {EventId} to {Webhook} at attempt {Attempt}")]
    private partial void LogDelivered(string eventId, string webhook, int attempt);

    [LoggerMessage(EventId = LogEvents.WebhookRetry, Level = LogLevel.Information, Message = "Delivery of {EventId} to {Webhook} failed at attempt {Attempt} ({Error}); retry at {NextAttemptAt}")]
    private partial void LogRetry(string eventId, string webhook, int attempt, string? error, DateTimeOffset nextAttemptAt);

    [LoggerMessage(EventId = LogEvents.WebhookDead, Level = LogLevel.Warning, Message = "Delivery of {EventId} to {Webhook} is dead after {Attempt} attempts ({Error})")]
    private partial void LogDead(string eventId, string webhook, int attempt, string? error);
}
