using System.Text.Json;
using Loyalty.Persistence.Storage;

namespace Loyalty.Grains.Notifications;

/// <summary>Builds the outbox document of a care notification, written in the commit of the change that caused it.</summary>
public static class Outbox
{
    /// <summary>The outbox row of a notification; its event id is (member, kind, operation), stable for de-duplication.</summary>
    public static DocumentRow Row(string memberId, DateTimeOffset at, string kind, string operationId, object data)
    {
        var notification = new Notification($"{memberId}:{kind}:{operationId}", kind, memberId, at,
            JsonSerializer.SerializeToElement(data, data.GetType(), GrainJson.Default));
        return new DocumentRow(Documents.Outbox, notification.EventId, memberId, JsonSerializer.Serialize(notification, GrainJson.Default.Notification));
    }
}
