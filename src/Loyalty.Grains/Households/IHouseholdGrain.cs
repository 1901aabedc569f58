using Loyalty.Grains.Contracts;
using Loyalty.Persistence;

namespace Loyalty.Grains.Households;

/// <summary>
/// A household (家庭主辅卡), couple (情侣卡) or corporate (单位) account: the single owner of the pooled points.
/// Member grains call it; it never calls them (call order Card → Member → Household).
/// </summary>
[Alias("Loyalty.IHouseholdGrain")]
public interface IHouseholdGrain : IGrainWithStringKey
{
    [Alias("Join")]
    Task<JoinResult> Join(JoinHousehold request);

    [Alias("Leave")]
    Task<LeaveResult> Leave(LeaveHousehold request);

    /// <summary>
    /// Answered when the turn ends, before the commit (the pool is the hot spot of a household's checkouts): the
    /// caller's own commit must wait for it: <c>DependOn</c> with the answer's activation id, which waits for the pool's
    /// write directly in the same silo and asks <see cref="AwaitDurable"/> from another.
    /// </summary>
    [Alias("Apply"), AnswerBeforeCommit]
    Task<PoolResult> Apply(PoolOperation request);

    /// <summary>Completes once what the activation that answered has changed is durable; fails if it was lost.</summary>
    [Alias("AwaitDurable"), AlwaysInterleave]
    Task AwaitDurable(string activationId);

    /// <summary>Follows a replaced card: the designated pool card moves to its replacement. Idempotent.</summary>
    [Alias("ReplacePoolCard")]
    Task ReplacePoolCard(ReplacePoolCard request);

    /// <summary>The household, or null when none has this id.</summary>
    [Alias("Get")]
    Task<HouseholdView?> Get(GetHousehold request);
}
