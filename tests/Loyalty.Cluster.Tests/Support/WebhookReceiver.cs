using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Loyalty.Cluster.Tests.Support;

/// <summary>A webhook receiver on a free localhost port that records every delivery it gets (event id, kind, attempt).</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public WebhookReceiver()
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Url = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/hook/";
        }
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string Url { get; }

    public ConcurrentQueue<(string EventId, string Kind, int Attempt)> Deliveries { get; } = new();

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            using var body = await JsonDocument.ParseAsync(context.Request.InputStream);
            var kind = body.RootElement.TryGetProperty("kind", out var k) ? k.GetString()! : body.RootElement.GetProperty("Kind").GetString()!;
            Deliveries.Enqueue((context.Request.Headers["X-Loyalty-Event-Id"]!, kind,
                int.Parse(context.Request.Headers["X-Loyalty-Attempt"]!, System.Globalization.CultureInfo.InvariantCulture)));
            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
