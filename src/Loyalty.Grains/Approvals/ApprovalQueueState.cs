using System.Text.Json.Serialization.Metadata;
using Loyalty.Persistence;
using Loyalty.Persistence.Storage;

namespace Loyalty.Grains.Approvals;

/// <summary>One store's approval requests: pending ones, and the most recent decided ones.</summary>
public sealed class ApprovalQueueState : ILedgeredRecord<ApprovalQueueState>
{
    public static JsonTypeInfo<ApprovalQueueState> JsonInfo => GrainJson.Default.ApprovalQueueState;

    /// <summary>Report columns stored beside the state.</summary>
    public GrainSummary Summarize() => new();

    public List<ApprovalEntry> Requests { get; set; } = [];
}

/// <summary>A request and its decisions.</summary>
public sealed class ApprovalEntry
{
    public string RequestId { get; set; } = "";

    public string Kind { get; set; } = "";

    public string Status { get; set; } = ApprovalStatus.Pending;

    public ApprovalSubject Subject { get; set; } = new("");

    public int StepsNeeded { get; set; } = 1;

    public List<ApprovalStep> Steps { get; set; } = [];

    public string RequestedBy { get; set; } = "";

    public DateTimeOffset RequestedAt { get; set; }

    public string? Result { get; set; }
}

/// <summary>One decision on a request.</summary>
public sealed class ApprovalStep
{
    public string Decision { get; set; } = "";

    public string Role { get; set; } = "";

    public string By { get; set; } = "";

    public DateTimeOffset At { get; set; }

    public string? Note { get; set; }
}
