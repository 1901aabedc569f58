using System.Collections.Concurrent;
using System.Net;
using Loyalty.Host.Notifications;
using Loyalty.Host.Tests.Support;
using Loyalty.Persistence.Storage;
using Loyalty.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using static Loyalty.Host.Tests.Support.Api;

namespace Loyalty.Host.Tests;

/// <summary>Notifications pushed to webhook receivers on 127.0.0.1, on PostgreSQL: signatures, retries with back-off, dead letters.</summary>
public sealed class WebhookDeliveryTests : IAsyncLifetime
{
    private const string Secret = "test-secret-1";
    private PostgresTestSchema _schema = null!;
    private WebApplication _receiver = null!;
    private string _baseUrl = "";
    private int _flakyCalls;
    private readonly ConcurrentQueue<(string Path, string? EventId, string? Attempt, bool SignatureValid, string Body)> _received = new();

    public async Task InitializeAsync()
    {
        _schema = await PostgresTestSchema.CreateMigratedAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _receiver = builder.Build();
        // "flaky" fails the first two attempts, then accepts; "broken" always fails.
        _receiver.MapPost("/{name}", async (string name, HttpRequest request) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            var body = buffer.ToArray();
            _received.Enqueue(($"/{name}", request.Headers[WebhookSignature.EventIdHeader], request.Headers[WebhookSignature.AttemptHeader],
                WebhookSignature.Verify(Secret, body, request.Headers[WebhookSignature.Header]), System.Text.Encoding.UTF8.GetString(body)));
            if (name == "flaky" && Interlocked.Increment(ref _flakyCalls) > 2)
            {
                return Results.Ok();
            }
            return Results.StatusCode(500);
        });
        await _receiver.StartAsync();
        _baseUrl = _receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _schema.DisposeAsync();
    }

    [Fact]
    public async Task A_notification_is_delivered_signed_after_two_failures_and_a_broken_receiver_dead_letters_it()
    {
        using var baseApp = new LoyaltyApp(_schema.ConnectionString);
        using var app = baseApp.WithWebHostBuilder(b => b
            .UseSetting("Loyalty:Webhooks:0:Name", "crm")
            .UseSetting("Loyalty:Webhooks:0:Url", _baseUrl + "/flaky")
            .UseSetting("Loyalty:Webhooks:0:Secret", Secret)
            .UseSetting("Loyalty:Webhooks:1:Name", "legacy")
            .UseSetting("Loyalty:Webhooks:1:Url", _baseUrl + "/broken")
            .UseSetting("Loyalty:Webhooks:1:Secret", Secret)
            .UseSetting("Loyalty:WebhookDelivery:MaxAttempts", "4")
            .UseSetting("Loyalty:WebhookDelivery:BaseDelay", "00:00:10"));
        var time = baseApp.Time;
        var admin = app.CreateClient();
        admin.DefaultRequestHeaders.Add("X-Api-Key", Keys.Admin);
        var clerk = app.CreateClient();
        clerk.DefaultRequestHeaders.Add("X-Api-Key", Keys.Clerk);

        // Today is the member's birthday: the birthday job writes a greeting to the outbox.
        var memberId = (await clerk.RegisterMember(birthday: "1990-06-15")).Str("memberId");
        await app.RunJobsAt(time, "2026-06-15 12:00");
        var eventId = $"{memberId}:birthday_greeting:birthday:2026";

        var dispatcher = app.Services.GetRequiredService<WebhookDispatcher>();
        var outbox = app.Services.GetRequiredService<INotificationOutbox>();
        // The outbox hands out rows only once no older transaction on the server is still running; other test
        // classes share the server, so the first fan-out may need a moment.
        var first = await dispatcher.RunOnceAsync(CancellationToken.None);
        for (var i = 0; i < 50 && first.Enqueued == 0; i++)
        {
            await Task.Delay(100);
            first = await dispatcher.RunOnceAsync(CancellationToken.None);
        }
        Assert.Equal(1, first.Enqueued);
        Assert.Equal((0, 2, 0), (first.Delivered, first.Retried, first.Dead));

        // Nothing is tried again before the back-off has passed (10 s after the first failure, then 20 s, 40 s).
        Assert.Equal(0, (await dispatcher.RunOnceAsync(CancellationToken.None)).Retried);
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(2, (await dispatcher.RunOnceAsync(CancellationToken.None)).Retried);
        time.Advance(TimeSpan.FromSeconds(19));
        Assert.Equal(0, (await dispatcher.RunOnceAsync(CancellationToken.None)).Retried);
        time.Advance(TimeSpan.FromSeconds(1));
        var third = await dispatcher.RunOnceAsync(CancellationToken.None);
        Assert.Equal((1, 1, 0), (third.Delivered, third.Retried, third.Dead));
        time.Advance(TimeSpan.FromSeconds(40));
        var fourth = await dispatcher.RunOnceAsync(CancellationToken.None);
        Assert.Equal((0, 0, 1), (fourth.Delivered, fourth.Retried, fourth.Dead));
        time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(new WebhookPassReport(0, 0, 0, 0), await dispatcher.RunOnceAsync(CancellationToken.None));

        var deliveries = await outbox.DeliveriesAsync(eventId);
        var crm = Assert.Single(deliveries, d => d.Webhook == "crm");
        Assert.Equal((DeliveryStatus.Delivered, 3), (crm.Status, crm.Attempts));
        var legacy = Assert.Single(deliveries, d => d.Webhook == "legacy");
        Assert.Equal((DeliveryStatus.Dead, 4, "HTTP 500"), (legacy.Status, legacy.Attempts, legacy.LastError));

        var flaky = _received.Where(r => r.Path == "/flaky").ToList();
        Assert.Equal(3, flaky.Count);
        Assert.All(flaky, r => Assert.True(r.SignatureValid));
        Assert.All(flaky, r => Assert.Equal(eventId, r.EventId));
        Assert.Equal(["1", "2", "3"], flaky.Select(r => r.Attempt));
        Assert.Contains("\"kind\":\"birthday_greeting\"", flaky[^1].Body);
        Assert.Equal(4, _received.Count(r => r.Path == "/broken"));

        // The integrator API reads the same notification and records the acknowledgement.
        var page = await (await admin.GetAsync("/api/v1/notifications")).Json(HttpStatusCode.OK);
        Assert.Equal(eventId, Assert.Single(page["notifications"]!.AsArray())!.Str("eventId"));
        await (await admin.PostAsync($"/api/v1/notifications/{Uri.EscapeDataString(eventId)}/ack", null)).Json(HttpStatusCode.OK);
    }
}
