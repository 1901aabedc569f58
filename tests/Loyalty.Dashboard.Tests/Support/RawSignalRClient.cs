using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace Loyalty.Dashboard.Tests.Support;

/// <summary>
/// A minimal SignalR client over a raw WebSocket with the JSON hub protocol (the .NET client package is not
/// available here): handshake, invocations with completions, and incoming messages as JSON.
/// </summary>
public sealed class RawSignalRClient : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';

    private readonly ClientWebSocket _socket = new();
    private readonly Channel<JsonElement> _messages = Channel.CreateUnbounded<JsonElement>();
    private readonly Dictionary<string, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _reader = Task.CompletedTask;
    private int _invocationId;

    /// <summary>Invoked for each <c>tick</c> with the time it arrived (on the reader thread).</summary>
    public Action<JsonElement, long>? OnTick { get; set; }

    /// <summary>Incoming invocations other than ticks (e.g. <c>checkout</c>).</summary>
    public ChannelReader<JsonElement> Messages => _messages.Reader;

    public WebSocketState State => _socket.State;

    /// <summary>
    /// Connects and completes the handshake. With <paramref name="read"/> false nothing is read after the handshake:
    /// a subscriber that never reads, as a stuck dashboard would.
    /// </summary>
    public static async Task<RawSignalRClient> Connect(Uri baseAddress, string apiKey, bool read = true, CancellationToken cancel = default,
        bool bearer = false)
    {
        var client = new RawSignalRClient();
        client._socket.Options.CollectHttpResponseDetails = true;
        if (bearer)
        {
            // What SignalR clients outside a browser send: the accessTokenFactory value as a bearer token.
            client._socket.Options.SetRequestHeader("Authorization", "Bearer " + apiKey);
        }
        var query = bearer ? "" : "access_token=" + Uri.EscapeDataString(apiKey);
        var uri = new UriBuilder(baseAddress) { Scheme = "ws", Path = "/hubs/dashboard", Query = query }.Uri;
        await client._socket.ConnectAsync(uri, cancel);
        await client.SendRaw("""{"protocol":"json","version":1}""", cancel);
        var handshake = await client.ReceiveRecords(new StringBuilder(), cancel);
        if (handshake.Count == 0 || handshake[0].Contains("\"error\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("Handshake failed: " + string.Join(" ", handshake));
        }
        if (read)
        {
            client._reader = Task.Run(() => client.ReadLoop(client._stop.Token), CancellationToken.None);
        }
        return client;
    }

    /// <summary>The HTTP status of a refused connect (401, 403), or null when it connected.</summary>
    public static async Task<int?> ConnectStatus(Uri baseAddress, string? apiKey)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        var query = apiKey is null ? "" : "access_token=" + Uri.EscapeDataString(apiKey);
        var uri = new UriBuilder(baseAddress) { Scheme = "ws", Path = "/hubs/dashboard", Query = query }.Uri;
        try
        {
            await socket.ConnectAsync(uri, CancellationToken.None);
            return null;
        }
        catch (WebSocketException)
        {
            return (int)socket.HttpStatusCode;
        }
    }

    /// <summary>Invokes a hub method and returns its completion message (with <c>error</c> when it failed).</summary>
    public async Task<JsonElement> Invoke(string target, params object[] arguments)
    {
        var id = Interlocked.Increment(ref _invocationId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var completion = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_pending)
        {
            _pending[id] = completion;
        }
        await SendRaw(JsonSerializer.Serialize(new { type = 1, invocationId = id, target, arguments }), CancellationToken.None);
        return await completion.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>Sends an invocation without waiting for anything back (the stuck subscriber's way).</summary>
    public Task InvokeBlind(string target, params object[] arguments) =>
        SendRaw(JsonSerializer.Serialize(new { type = 1, target, arguments }), CancellationToken.None);

    private Task SendRaw(string json, CancellationToken cancel) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(json + RecordSeparator), WebSocketMessageType.Text, true, cancel);

    private async Task ReadLoop(CancellationToken cancel)
    {
        var partial = new StringBuilder();
        try
        {
            while (!cancel.IsCancellationRequested && _socket.State == WebSocketState.Open)
            {
                foreach (var record in await ReceiveRecords(partial, cancel))
                {
                    var arrived = System.Diagnostics.Stopwatch.GetTimestamp();
                    using var document = JsonDocument.Parse(record);
                    var message = document.RootElement.Clone();
                    var type = message.GetProperty("type").GetInt32();
                    if (type == 3 && message.TryGetProperty("invocationId", out var idElement))
                    {
                        TaskCompletionSource<JsonElement>? completion;
                        lock (_pending)
                        {
                            _pending.Remove(idElement.GetString()!, out completion);
                        }
                        completion?.TrySetResult(message);
                    }
                    else if (type == 1 && message.GetProperty("target").GetString() == "tick" && OnTick is { } onTick)
                    {
                        onTick(message.GetProperty("arguments")[0], arrived);
                    }
                    else if (type == 1)
                    {
                        _messages.Writer.TryWrite(message);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
        }
        finally
        {
            _messages.Writer.TryComplete();
        }
    }

    private async Task<List<string>> ReceiveRecords(StringBuilder partial, CancellationToken cancel)
    {
        var buffer = new byte[8192];
        var records = new List<string>();
        while (records.Count == 0)
        {
            var result = await _socket.ReceiveAsync(buffer, cancel);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new WebSocketException("closed");
            }
            partial.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
            var text = partial.ToString();
            var end = text.LastIndexOf(RecordSeparator);
            if (end < 0)
            {
                continue;
            }
            records.AddRange(text[..end].Split(RecordSeparator, StringSplitOptions.RemoveEmptyEntries));
            partial.Clear().Append(text[(end + 1)..]);
        }
        return records;
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
        }
        _socket.Abort();
        await _reader;
        _socket.Dispose();
        _stop.Dispose();
    }
}
