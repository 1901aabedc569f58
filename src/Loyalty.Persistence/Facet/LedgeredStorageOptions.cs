namespace Loyalty.Persistence;

/// <summary>Tuning of the ledgered storage (section <c>Loyalty:Storage</c>).</summary>
public sealed class LedgeredStorageOptions
{
    /// <summary>Most grain writes committed in one storage round trip.</summary>
    public int MaxBatchSize { get; set; } = 256;

    /// <summary>
    /// Batches that may be in flight at once (each uses one connection). One keeps batches large: at moderate load two
    /// writers each took one or two writes, and PostgreSQL's fixed cost per statement doubled its CPU per checkout.
    /// Raise it when the database has cores to spare.
    /// </summary>
    public int CommitConcurrency { get; set; } = 1;

    /// <summary>Most grain states read in one storage round trip when many grains activate at once.</summary>
    public int MaxReadBatchSize { get; set; } = 256;

    /// <summary>
    /// Activation read batches that may be in flight at once (each uses one connection). Two: a cold checkout reads its
    /// card and then its member before it can commit, so reads are on the critical path.
    /// </summary>
    public int ReadConcurrency { get; set; } = 2;

    /// <summary>Read a grain's owner with it when its facet names an owner type (a card's member).</summary>
    public bool PrefetchOwners { get; set; } = true;
}
