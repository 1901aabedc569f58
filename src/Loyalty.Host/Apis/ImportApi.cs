using System.Buffers;
using System.Security.Claims;
using System.Text.Json;
using Loyalty.Grains;
using Loyalty.Grains.Program;
using Loyalty.Host.Auth;
using Loyalty.Host.Import;
using Loyalty.Host.Infrastructure;
using Loyalty.Persistence.Storage;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Loyalty.Host.Apis;

/// <summary>
/// Bulk member import (admin): NDJSON or CSV rows in, one result per row out (NDJSON when the caller accepts
/// <c>application/x-ndjson</c>, else one JSON document), then the totals. <c>?results=problems</c> leaves the
/// imported rows out of the answer, which keeps a million-row answer small. See <see cref="MemberImporter"/>.
/// </summary>
public static partial class ImportApi
{
    public const string NdJson = "application/x-ndjson";

    public static RouteGroupBuilder MapImportApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/members").RequireAuthorization().WithTags("Members");
        group.MapPost("/import", ImportMembers).WithName(nameof(ImportMembers)).Errors(ErrorCodes.Validation)
            .Accepts<ImportRow>(NdJson, "text/csv")
            .Produces<ImportResponse>(StatusCodes.Status200OK, "application/json", NdJson);
        return group;
    }

    public static async Task<IResult> ImportMembers(
        HttpContext context, ClaimsPrincipal user, string? results, ILedgerStore storage, IProgramProvider programs,
        TimeProvider time, IOptions<ImportOptions> importOptions, StoreDirectory stores, ILoggerFactory loggers)
    {
        var caller = Caller.From(user);
        if (!caller.IsAdmin)
        {
            return Problems.Forbidden("Only an admin key may import members.");
        }
        if (results is not (null or "all" or "problems"))
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["results"] = ["One of all, problems."] });
        }
        // A million rows is far beyond Kestrel's default 30 MB body limit; the body is streamed, never held.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }

        var options = importOptions.Value;
        var importer = new MemberImporter(storage, new ImportWrites(programs.Current, time.GetUtcNow(), caller.KeyId) { Stores = stores },
            Math.Clamp(options.BatchSize, 1, 10_000), Math.Clamp(options.Parallelism, 1, 16));
        var onlyProblems = results == "problems";
        var ct = context.RequestAborted;
        var rows = ImportRowReader.ReadAsync(context.Request.Body, ImportRowReader.IsCsv(context.Request.ContentType), ct);
        var logger = loggers.CreateLogger("Loyalty.Host.Import");

        if (!context.Request.Headers.Accept.Any(a => a is not null && a.Contains(NdJson, StringComparison.OrdinalIgnoreCase)))
        {
            var all = new List<ImportRowResult>();
            var totals = await importer.RunAsync(rows, batch =>
            {
                all.AddRange(onlyProblems ? batch.Where(r => r.Status != ImportStatus.Imported) : batch);
                return Task.CompletedTask;
            }, ct);
            LogImported(logger, totals.Rows, totals.Imported, totals.Exists, totals.Errors, totals.Seconds);
            all.Sort((a, b) => a.Line.CompareTo(b.Line));
            return TypedResults.Json(new ImportResponse(all, totals), ImportJson.Default.ImportResponse);
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = NdJson;
        await response.StartAsync(ct);
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        var streamed = await importer.RunAsync(rows, async batch =>
        {
            buffer.ResetWrittenCount();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                foreach (var result in batch)
                {
                    if (onlyProblems && result.Status == ImportStatus.Imported)
                    {
                        continue;
                    }
                    JsonSerializer.Serialize(writer, result, ImportJson.Default.ImportRowResult);
                    writer.Flush();
                    buffer.Write("\n"u8);
                    writer.Reset();
                }
            }
            await response.Body.WriteAsync(buffer.WrittenMemory, ct);
            await response.Body.FlushAsync(ct);
        }, ct);
        await response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(new ImportTotalsLine(streamed), ImportJson.Default.ImportTotalsLine), ct);
        await response.Body.WriteAsync("\n"u8.ToArray(), ct);
        LogImported(logger, streamed.Rows, streamed.Imported, streamed.Exists, streamed.Errors, streamed.Seconds);
        return Results.Empty;
    }

    // Counts only: rows hold names and phone numbers, which are never logged.
    [LoggerMessage(EventId = LogEvents.MemberImport, Level = LogLevel.Information,
        Message = "Member import: {Rows} rows, {Imported} imported, {Exists} already there, {Errors} errors in {Seconds:0.0} s")]
    private static partial void LogImported(ILogger logger, long rows, long imported, long exists, long errors, double seconds);
}
