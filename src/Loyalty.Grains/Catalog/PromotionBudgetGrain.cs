using System.Text.Json.Serialization.Metadata;
using Loyalty.Domain;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Program;
using Loyalty.Persistence;
using Loyalty.Persistence.Storage;

namespace Loyalty.Grains.Catalog;

/// <summary>One operation's share of a budget: what was granted first, and what it still holds after releases.</summary>
public sealed class BudgetEntry
{
    public long Requested { get; set; }

    public long Granted { get; set; }

    public long Held { get; set; }
}

public sealed class PromotionBudgetState : ILedgeredRecord<PromotionBudgetState>
{
    public static JsonTypeInfo<PromotionBudgetState> JsonInfo => GrainJson.Default.PromotionBudgetState;

    /// <summary>Report columns stored beside the state.</summary>
    public GrainSummary Summarize() => new(Points: Used);

    public long Used { get; set; }

    /// <summary>Operations that were granted points (only those: a zero grant needs no memory).</summary>
    public Dictionary<string, BudgetEntry> Grants { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Release id → points released, so a repeated release gives nothing back twice.</summary>
    public Dictionary<string, long> Releases { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// The points budget of one promotion (key = promotion id): the extra points the promotion may give in total.
/// Turn-based, so concurrent checkouts can never together exceed the budget. Called by the member grain during
/// a checkout (Member → PromotionBudget; the budget grain calls nobody).
/// </summary>
[Alias("Loyalty.IPromotionBudgetGrain")]
public interface IPromotionBudgetGrain : IGrainWithStringKey
{
    /// <summary>Grants min(points, remaining); the same operation id again answers the first grant.</summary>
    [Alias("Consume")]
    Task<BudgetGrant> Consume(ConsumeBudget request);

    /// <summary>Returns points of an operation's grant to the budget (refund); idempotent per release id.</summary>
    [Alias("Release")]
    Task<BudgetRelease> Release(ReleaseBudget request);

    [Alias("Get")]
    Task<BudgetView> Get(GetBudget request);
}

[GrainType(StateTypes.PromotionBudget)]
public sealed class PromotionBudgetGrain(
    [LedgeredState(StateTypes.PromotionBudget)] ILedgeredState<PromotionBudgetState> state,
    IPromotionCatalog promotions)
    : LedgeredGrain<PromotionBudgetState>(state), IPromotionBudgetGrain
{

    private string Account => CatalogAccounts.Promotion(Key);

    /// <summary>The budget from the promotion's (immutable) definition; null = no budget.</summary>
    private long? Budget => (promotions.Find(Key) ?? throw new DomainException(ErrorCodes.NotFound, $"No promotion '{Key}'.")).PointsBudget;

    private long? Remaining(long? budget) => budget is { } b ? Math.Max(0, b - State.Used) : null;

    public Task<BudgetGrant> Consume(ConsumeBudget request)
    {
        if (string.IsNullOrEmpty(request.OperationId) || request.Points < 0)
        {
            throw new DomainException(ErrorCodes.Validation, "An operation id and a non-negative number of points are required.");
        }
        var budget = Budget;
        if (State.Grants.TryGetValue(request.OperationId, out var seen))
        {
            return Task.FromResult(new BudgetGrant(request.OperationId, seen.Requested, seen.Granted, budget, State.Used, Remaining(budget)));
        }
        var granted = budget is { } b ? Math.Min(request.Points, Math.Max(0, b - State.Used)) : request.Points;
        if (granted > 0)
        {
            State.Used += granted;
            State.Grants[request.OperationId] = new BudgetEntry { Requested = request.Points, Granted = granted, Held = granted };
            AppendLedger(new LedgerRow(Account, $"consume:{request.OperationId}", "promotion-budget", Time.GetUtcNow(),
                PointsDelta: granted, PointsAfter: State.Used));
        }
        return Task.FromResult(new BudgetGrant(request.OperationId, request.Points, granted, budget, State.Used, Remaining(budget)));
    }

    public Task<BudgetRelease> Release(ReleaseBudget request)
    {
        if (string.IsNullOrEmpty(request.OperationId) || request.Points < 0)
        {
            throw new DomainException(ErrorCodes.Validation, "An operation id and a non-negative number of points are required.");
        }
        var budget = Budget;
        var releaseId = request.ReleaseId ?? request.OperationId;
        if (State.Releases.TryGetValue(releaseId, out var released))
        {
            return Task.FromResult(new BudgetRelease(request.OperationId, releaseId, released, budget, State.Used, Remaining(budget)));
        }
        if (!State.Grants.TryGetValue(request.OperationId, out var grant))
        {
            // Nothing was granted (or the grant was zero): nothing to give back, nothing to remember.
            return Task.FromResult(new BudgetRelease(request.OperationId, releaseId, 0, budget, State.Used, Remaining(budget)));
        }
        var points = Math.Min(request.Points ?? grant.Held, grant.Held);
        grant.Held -= points;
        State.Used -= points;
        State.Releases[releaseId] = points;
        if (points > 0)
        {
            AppendLedger(new LedgerRow(Account, $"release:{releaseId}", "promotion-budget-release", Time.GetUtcNow(),
                PointsDelta: -points, PointsAfter: State.Used));
        }
        else
        {
            MarkChanged();
        }
        return Task.FromResult(new BudgetRelease(request.OperationId, releaseId, points, budget, State.Used, Remaining(budget)));
    }

    public Task<BudgetView> Get(GetBudget request)
    {
        var budget = Budget;
        return Task.FromResult(new BudgetView(Key, budget, State.Used, Remaining(budget), State.Grants.Count));
    }
}
