namespace Loyalty.Host.Import;

/// <summary>Tuning of the bulk import (section <c>Loyalty:Import</c>).</summary>
public sealed class ImportOptions
{
    /// <summary>Rows per group write; three statements (phones, members, cards) per batch.</summary>
    public int BatchSize { get; set; } = 1000;

    /// <summary>Batches written at once (each holds one connection while it writes).</summary>
    public int Parallelism { get; set; } = 2;
}
