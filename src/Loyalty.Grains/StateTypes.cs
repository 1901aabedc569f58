namespace Loyalty.Grains;

/// <summary>
/// The names grain states are stored under (the first half of the storage key, with the grain's key). Stable names,
/// not CLR type names: renaming a class never orphans stored state.
/// </summary>
public static class StateTypes
{
    public const string Member = "member";
    public const string Card = "card";
    public const string Household = "household";
    public const string Phone = "phone";
    public const string Approvals = "approvals";
    public const string Gift = "gift";
    public const string PromotionBudget = "promotion-budget";
}
