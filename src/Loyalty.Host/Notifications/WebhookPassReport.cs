namespace Loyalty.Host.Notifications;

/// <summary>One dispatcher pass: notifications fanned out to the receivers, and attempts by outcome.</summary>
[GenerateSerializer, Alias("Loyalty.WebhookPassReport")]
public sealed record WebhookPassReport(int Enqueued, int Delivered, int Retried, int Dead);
