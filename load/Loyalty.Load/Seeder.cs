using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Loyalty.Load;

/// <summary>
/// Seeds the population through POST /api/v1/members/import: rows are generated while they are sent (NDJSON,
/// never held in memory), in chunks so a failure costs one chunk; re-running the seed is safe (rows "exist").
/// </summary>
public static class Seeder
{
    public static async Task<int> RunAsync(LoadOptions o)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false })
        {
            // The bulk import goes to one host (it is one long request per chunk).
            BaseAddress = new Uri(o.Url.Split(',')[0].TrimEnd('/') + "/"),
            DefaultRequestVersion = HttpVersion.Version11,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        http.DefaultRequestHeaders.Add("X-Api-Key", o.Key);
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        var total = Stopwatch.StartNew();
        long imported = 0, exists = 0, errors = 0;
        for (var from = 1; from <= o.Members; from += o.ChunkRows)
        {
            var to = Math.Min(o.Members, from + o.ChunkRows - 1);
            var chunk = Stopwatch.StartNew();
            using var response = await http.PostAsync("api/v1/members/import?results=problems", new RowsContent(from, to, o.Stores));
            if (!response.IsSuccessStatusCode)
            {
                Console.Error.WriteLine($"import of rows {from}-{to} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                return 1;
            }
            var answer = JsonSerializer.Deserialize(await response.Content.ReadAsStreamAsync(), WireJson.Default.ImportResponseLite)!;
            imported += answer.Totals.Imported;
            exists += answer.Totals.Exists;
            errors += answer.Totals.Errors;
            foreach (var problem in answer.Results.Where(r => r.Status == "error").Take(5))
            {
                Console.WriteLine($"  row {problem.RowId} (line {problem.Line}): {problem.Error}");
            }
            Console.WriteLine($"rows {from,8}-{to,8}: {answer.Totals.Imported} imported, {answer.Totals.Exists} existed, " +
                $"{answer.Totals.Errors} errors, {(to - from + 1) / chunk.Elapsed.TotalSeconds:0} rows/s");
        }
        var seconds = total.Elapsed.TotalSeconds;
        Console.WriteLine($"seeded {o.Members} rows in {seconds:0.0} s: {o.Members / seconds:0} rows/s " +
            $"({imported} imported, {exists} existed, {errors} errors)");
        return errors > 0 ? 1 : 0;
    }

    /// <summary>NDJSON rows written straight to the request stream.</summary>
    private sealed class RowsContent : HttpContent
    {
        private readonly int _from;
        private readonly int _to;
        private readonly int _stores;

        public RowsContent(int from, int to, int stores)
        {
            (_from, _to, _stores) = (from, to, stores);
            Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var buffer = new MemoryStream(1 << 20);
            for (var i = _from; i <= _to; i++)
            {
                // Stored-value cards: the mixed scenario tops them up, which only stored-value cards accept.
                var row = new ImportRowBody($"seed-{i}", Population.MemberId(i), $"Member {i}", Population.Phone(i),
                    i % 3 == 0 ? null : new DateOnly(1950 + i % 55, 1 + i % 12, 1 + i % 28).ToString("yyyy-MM-dd"),
                    Population.Store(i, _stores), Population.CardNumber(i), "storedValue", Population.OpeningPoints(i));
                JsonSerializer.Serialize(buffer, row, WireJson.Default.ImportRowBody);
                buffer.WriteByte((byte)'\n');
                if (buffer.Length > (1 << 20) - 1024)
                {
                    await stream.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
                    buffer.SetLength(0);
                }
            }
            await stream.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
