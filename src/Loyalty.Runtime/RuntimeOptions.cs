namespace Loyalty.Runtime;

/// <summary>Tuning knobs of the grain runtime (section <c>Loyalty:Runtime</c>).</summary>
public sealed class RuntimeOptions
{
    /// <summary>Activations idle for longer are deactivated (their state is already durable).</summary>
    public TimeSpan IdleAge { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Upper bound of activations held in memory; the least recently used go first.</summary>
    public int MaxActivations { get; set; } = 250_000;

    /// <summary>How often the collector looks for idle activations.</summary>
    public TimeSpan CollectionInterval { get; set; } = TimeSpan.FromSeconds(30);

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
    /// card and then its member before it can commit, so reads are on the critical path; with one reader the uniform
    /// closed-loop run at 1M members was ~19% slower (docs/benchmarks.md).
    /// </summary>
    public int ReadConcurrency { get; set; } = 2;

    /// <summary>Read a grain's owner with it when its registration names an owner type (a card's member).</summary>
    public bool PrefetchOwners { get; set; } = true;
}
