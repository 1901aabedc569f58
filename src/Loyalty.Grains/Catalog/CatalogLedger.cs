namespace Loyalty.Grains.Catalog;

/// <summary>Ledger accounts of the program side: promotion budgets and gift items.</summary>
public static class CatalogAccounts
{
    public static string Promotion(string promotionId) => $"promotion:{promotionId}";

    public static string Gift(string catalogItemId) => $"gift:{catalogItemId}";
}

/// <summary>Error codes of the catalogue (kept here, not in ErrorCodes.cs, so parallel branches merge cleanly).</summary>
public static class CatalogErrorCodes
{
    /// <summary>A gift reservation or stock write-off would take the stock below zero.</summary>
    public const string OutOfStock = "out_of_stock";
}

/// <summary>A stock change of a gift item, kept in the ledger row's data (the numeric columns are for points and money).</summary>
public sealed record GiftLedgerNote(int StockDelta, int StockAfter, string? RedemptionId, string? By);
