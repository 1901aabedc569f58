using System.Security.Claims;
using System.Text.Json;
using Loyalty.Grains;
using Loyalty.Host.Auth;
using Loyalty.Host.Infrastructure;
using Loyalty.Persistence.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loyalty.Host.Apis;

/// <summary>One outbox notification as integrators read it; <c>seq</c> is the cursor for the next read.</summary>
public sealed record NotificationItem(long Seq, string EventId, string Kind, string MemberId, DateTimeOffset At, JsonElement Data,
    DateTimeOffset? AcknowledgedAt);

/// <summary>A page of notifications in commit order; pass <c>next</c> as <c>after</c> to read on.</summary>
public sealed record NotificationPage(IReadOnlyList<NotificationItem> Notifications, long Next);

public sealed record NotificationAck(string EventId, DateTimeOffset AcknowledgedAt);

/// <summary>The notification outbox (会员关怀) for integrators: read new notifications in order and acknowledge them.</summary>
public static class NotificationApi
{
    private const int MaxLimit = 1000;

    public static RouteGroupBuilder MapNotificationApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/notifications").RequireAuthorization().WithTags("Notifications");
        group.MapGet("/", ReadNotifications).WithName(nameof(ReadNotifications)).Errors(ErrorCodes.Validation);
        group.MapPost("/{eventId}/ack", AcknowledgeNotification).WithName(nameof(AcknowledgeNotification)).Errors(ErrorCodes.NotFound);
        return group;
    }

    public static async Task<Results<Ok<NotificationPage>, ValidationProblem, ProblemHttpResult>> ReadNotifications(
        ClaimsPrincipal user, INotificationOutbox outbox, CancellationToken ct, long after = 0, int limit = 100)
    {
        if (!Caller.From(user).IsAdmin)
        {
            return Problems.Forbidden("Only a chain administrator reads the notification outbox.");
        }
        var errors = new Dictionary<string, string[]>();
        if (after < 0)
        {
            errors["after"] = ["The seq of the last notification read, or 0."];
        }
        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"Between 1 and {MaxLimit}."];
        }
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        var entries = await outbox.ReadAsync(after, limit, ct);
        var items = entries.Select(e =>
        {
            var n = JsonSerializer.Deserialize(e.BodyJson, GrainJson.Default.Notification)!;
            return new NotificationItem(e.Sequence, e.EventId, n.Kind, n.MemberId, n.At, n.Data, e.AcknowledgedAt);
        }).ToList();
        return TypedResults.Ok(new NotificationPage(items, items.Count > 0 ? items[^1].Seq : after));
    }

    public static async Task<Results<Ok<NotificationAck>, ProblemHttpResult>> AcknowledgeNotification(
        string eventId, ClaimsPrincipal user, INotificationOutbox outbox, TimeProvider time, CancellationToken ct)
    {
        if (!Caller.From(user).IsAdmin)
        {
            return Problems.Forbidden("Only a chain administrator acknowledges notifications.");
        }
        var at = await outbox.AcknowledgeAsync(eventId, time.GetUtcNow(), ct);
        return at is { } acknowledged
            ? TypedResults.Ok(new NotificationAck(eventId, acknowledged))
            : Problems.NotFound("No notification has this event id.");
    }
}
