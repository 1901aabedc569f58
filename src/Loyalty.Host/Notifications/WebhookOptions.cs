namespace Loyalty.Host.Notifications;

/// <summary>One webhook receiver (<c>Loyalty:Webhooks:[n]</c>): every notification is posted to its URL, signed with its secret.</summary>
public sealed class WebhookEndpoint
{
    /// <summary>Stable name; delivery state is kept per (event, name), so renaming a receiver re-sends nothing old.</summary>
    public string Name { get; set; } = "";

    public string Url { get; set; } = "";

    public string Secret { get; set; } = "";
}

/// <summary>Webhook delivery settings (<c>Loyalty:WebhookDelivery</c>) and the receivers (<c>Loyalty:Webhooks</c>).</summary>
public sealed class WebhookOptions
{
    public List<WebhookEndpoint> Endpoints { get; set; } = [];

    /// <summary>Attempts before a delivery is dead-lettered.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Delay after the first failure; doubled after each further failure up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Time between dispatcher passes.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>HTTP timeout of one attempt.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public int BatchSize { get; set; } = 100;

    public int Parallelism { get; set; } = 8;

    /// <summary>Whether passes run on the timer (tests turn it off and call <see cref="WebhookDispatcher.RunOnceAsync"/>).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Wait before attempt number <paramref name="failures"/> + 1: exponential back-off, capped.</summary>
    public TimeSpan BackOff(int failures)
    {
        var factor = Math.Pow(2, Math.Clamp(failures - 1, 0, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(BaseDelay.Ticks * factor, MaxDelay.Ticks));
        return delay < MaxDelay ? delay : MaxDelay;
    }
}
