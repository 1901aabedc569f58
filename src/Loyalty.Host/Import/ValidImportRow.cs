namespace Loyalty.Host.Import;

/// <summary>A row that passed validation, normalised (trimmed name, normalised phone, resolved member id).</summary>
public sealed record ValidImportRow(
    long Line,
    string RowId,
    string MemberId,
    string Name,
    string Phone,
    DateOnly? Birthday,
    string? HomeStoreId,
    string? CardNumber,
    string CardType,
    long OpeningPoints,
    decimal OpeningSpend);
