using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Loyalty.Load;

/// <summary>The outcome of one HTTP call: status, the problem code when refused, the parsed body when 2xx.</summary>
public readonly record struct Reply<T>(int Status, string? Code, T? Body, TimeSpan Elapsed)
{
    public bool Ok => Status is >= 200 and < 300;

    /// <summary>Transport failures, 5xx and the retryable 409 <c>conflict</c>: the outcome is unknown or nothing happened.</summary>
    public bool Retryable => Status == 0 || Status >= 500 || (Status == 409 && Code == "conflict");

    /// <summary>Key for the error table: "409 insufficient_points", "0 transport"...</summary>
    public string FailureKey => Status == 0 ? $"0 {Code}" : $"{Status} {Code ?? "-"}";
}

/// <summary>
/// HttpClient over one SocketsHttpHandler sized to the concurrency, HTTP/1.1 keep-alive, as a POS fleet would be.
/// The base url may list several hosts of one cluster, comma-separated: requests go round-robin, as
/// tills behind a load balancer would.
/// </summary>
public sealed class Api : IDisposable
{
    private readonly HttpClient[] _clients;
    private int _next = -1;

    public Api(string baseUrl, string key, int connections)
    {
        _clients = baseUrl.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(url => Client(url.TrimEnd('/'), key, connections)).ToArray();
        if (_clients.Length == 0)
        {
            throw new ArgumentException("--url names no host.");
        }
    }

    private static HttpClient Client(string baseUrl, string key, int connections)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Math.Max(1, connections),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        var http = new HttpClient(handler)
        {
            BaseAddress = new Uri(baseUrl + "/"),
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(30),
        };
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return http;
    }

    /// <summary>The first host's client (readiness checks, bulk import).</summary>
    public HttpClient Http => _clients[0];

    /// <summary>Every host's client.</summary>
    public IReadOnlyList<HttpClient> Hosts => _clients;

    private HttpClient Next() => _clients.Length == 1 ? _clients[0] : _clients[(int)((uint)Interlocked.Increment(ref _next) % (uint)_clients.Length)];

    public Task<Reply<TOut>> PostAsync<TIn, TOut>(string path, TIn body, JsonTypeInfo<TIn> inType, JsonTypeInfo<TOut> outType, CancellationToken ct = default) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, inType))
            {
                Headers = { ContentType = new MediaTypeHeaderValue("application/json") },
            },
        }, outType, ct);

    public Task<Reply<TOut>> GetAsync<TOut>(string path, JsonTypeInfo<TOut> outType, CancellationToken ct = default) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path), outType, ct);

    private async Task<Reply<TOut>> SendAsync<TOut>(Func<HttpRequestMessage> request, JsonTypeInfo<TOut> outType, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var message = request();
            using var response = await Next().SendAsync(message, HttpCompletionOption.ResponseContentRead, ct);
            var status = (int)response.StatusCode;
            var bytes = await response.Content.ReadAsByteArrayAsync(ct);
            if (status is >= 200 and < 300)
            {
                var body = bytes.Length == 0 ? default : JsonSerializer.Deserialize(bytes, outType);
                return new Reply<TOut>(status, null, body, Stopwatch.GetElapsedTime(started));
            }
            string? code = null;
            try
            {
                code = bytes.Length == 0 ? null : JsonSerializer.Deserialize(bytes, WireJson.Default.ProblemLite)?.Code;
            }
            catch (JsonException)
            {
            }
            return new Reply<TOut>(status, code, default, Stopwatch.GetElapsedTime(started));
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return new Reply<TOut>(0, "timeout", default, Stopwatch.GetElapsedTime(started));
        }
        catch (HttpRequestException e)
        {
            return new Reply<TOut>(0, "transport:" + (e.HttpRequestError.ToString()), default, Stopwatch.GetElapsedTime(started));
        }
    }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }
}
