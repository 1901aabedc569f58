namespace Loyalty.Host.Import;

/// <summary>A row as read from the body: the row, or why the line could not be read as one.</summary>
public sealed record ParsedRow(long Line, ImportRow? Row, string? Error);
