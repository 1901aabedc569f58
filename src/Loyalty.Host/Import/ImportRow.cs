namespace Loyalty.Host.Import;

/// <summary>
/// One row of a member import (NDJSON object or CSV line). <c>RowId</c> names the row across re-sends, so an
/// interrupted import can simply be sent again; without a <c>MemberId</c> the member id is derived from it.
/// </summary>
public sealed record ImportRow(
    string? RowId,
    string? MemberId,
    string? Name,
    string? Phone,
    DateOnly? Birthday,
    string? HomeStoreId,
    string? CardNumber,
    string? CardType,
    long? OpeningPoints,
    decimal? OpeningSpend);
