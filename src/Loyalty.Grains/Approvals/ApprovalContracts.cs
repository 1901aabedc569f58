using Loyalty.Grains.Contracts;

namespace Loyalty.Grains.Approvals;

/// <summary>What a request asks for (each switchable by a program setting).</summary>
public static class ApprovalKinds
{
    /// <summary>A membership application (入会申请): the member exists only once approved.</summary>
    public const string Membership = "membership";

    /// <summary>A card of a type the program reserves (VIP / higher cards): a store manager approves.</summary>
    public const string CardIssue = "cardIssue";

    /// <summary>A replacement of a lost card (补卡): the store manager, then a chain supervisor (admin).</summary>
    public const string CardReplacement = "cardReplacement";
}

/// <summary>Where a request stands.</summary>
public static class ApprovalStatus
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Rejected = "rejected";

    public static bool IsKnown(string? status) => status is Pending or Approved or Rejected;
}

/// <summary>
/// What will happen once approved: the member to register (application), the card to issue, or the card to replace.
/// The ids (member id, card numbers) are fixed when the request is made, so carrying it out twice does it once.
/// </summary>
[GenerateSerializer, Alias("Loyalty.ApprovalSubject")]
public sealed record ApprovalSubject(
    string MemberId,
    string? Name = null,
    string? Phone = null,
    DateOnly? Birthday = null,
    string? Gender = null,
    string? ReferrerMemberId = null,
    string? CardNumber = null,
    string? CardType = null,
    string? NewCardNumber = null,
    string? FeePaidWith = null,
    string? FeeCardNumber = null,
    bool CardWasLost = false,
    DateTimeOffset? AskedAt = null);

[GenerateSerializer, Immutable, Alias("Loyalty.SubmitApproval")]
public sealed record SubmitApproval(string RequestId, string Kind, ApprovalSubject Subject, int StepsNeeded, Actor By);

/// <summary>One approval step's decision; who may give it depends on the step (see ApprovalQueueGrain).</summary>
[GenerateSerializer, Immutable, Alias("Loyalty.DecideApproval")]
public sealed record DecideApproval(string RequestId, bool Approve, string? Note, Actor By);

/// <summary>Marks an approved request carried out (the member registered, the card issued or replaced).</summary>
[GenerateSerializer, Immutable, Alias("Loyalty.CompleteApproval")]
public sealed record CompleteApproval(string RequestId, string Result, Actor By);

[GenerateSerializer, Immutable, Alias("Loyalty.GetApproval")]
public sealed record GetApproval(string RequestId);

[GenerateSerializer, Immutable, Alias("Loyalty.ListApprovals")]
public sealed record ListApprovals(string? Status);

[GenerateSerializer, Alias("Loyalty.ApprovalStepView")]
public sealed record ApprovalStepView(int Step, string Decision, string Role, string By, DateTimeOffset At, string? Note);

/// <summary>
/// A request as staff see it. <c>ReadyToCarryOut</c>: every step approved but not yet carried out (approving again
/// finishes it).
/// </summary>
[GenerateSerializer, Alias("Loyalty.ApprovalView")]
public sealed record ApprovalView(
    string RequestId,
    string StoreId,
    string Kind,
    string Status,
    ApprovalSubject Subject,
    int StepsNeeded,
    IReadOnlyList<ApprovalStepView> Steps,
    string RequestedBy,
    DateTimeOffset RequestedAt,
    string? Result,
    bool ReadyToCarryOut);

[GenerateSerializer, Alias("Loyalty.ApprovalList")]
public sealed record ApprovalList(string StoreId, IReadOnlyList<ApprovalView> Requests);

/// <summary>Outbox data of an application's decision.</summary>
public sealed record ApprovalNotice(string RequestId, string Kind, string Decision, string? Note);

/// <summary>Ledger data of an approval decision.</summary>
public sealed record ApprovalLedgerNote(string RequestId, string Kind, string Decision, int Step, string By, string? Note);
