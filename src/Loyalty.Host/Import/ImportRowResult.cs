namespace Loyalty.Host.Import;

/// <summary>Row outcomes of an import (<see cref="ImportRowResult.Status"/>).</summary>
public static class ImportStatus
{
    public const string Imported = "imported";
    public const string Exists = "exists";
    public const string Error = "error";
}

/// <summary>What happened to one row; <c>Line</c> is the 1-based line of the row in the request body.</summary>
public sealed record ImportRowResult(string? RowId, string Status, string? MemberId, string? Error, long Line);

/// <summary>Counts over a whole import request.</summary>
public sealed record ImportTotals(long Rows, long Imported, long Exists, long Errors, double Seconds);

/// <summary>The non-streaming (application/json) answer: every reported row plus the totals.</summary>
public sealed record ImportResponse(IReadOnlyList<ImportRowResult> Results, ImportTotals Totals);

/// <summary>The last line of a streamed (NDJSON) answer.</summary>
public sealed record ImportTotalsLine(ImportTotals Totals);
