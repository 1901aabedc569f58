using System.Text.Json.Serialization.Metadata;
using Loyalty.Persistence.Storage;

namespace Loyalty.Persistence;

/// <summary>
/// A grain state kept by the ledgered facet: how it is written (source-generated JSON, so stored state never names a
/// CLR type or assembly) and the summary columns stored beside it for reports.
/// </summary>
public interface ILedgeredRecord<TSelf> where TSelf : class, ILedgeredRecord<TSelf>, new()
{
    static abstract JsonTypeInfo<TSelf> JsonInfo { get; }

    GrainSummary Summarize();
}
