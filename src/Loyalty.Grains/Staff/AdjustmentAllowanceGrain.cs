using Loyalty.Grains.Program;

namespace Loyalty.Grains.Staff;

/// <summary>What one manager key adjusted on one program day: adjustment id → points (either sign counts).</summary>
public sealed class AdjustmentAllowanceState
{
    public Dictionary<string, long> Adjustments { get; set; } = new(StringComparer.Ordinal);

    public long Used { get; set; }
}

/// <summary>Asks for room for one manual adjustment within the day's cap.</summary>
[GenerateSerializer, Immutable, Alias("Loyalty.ReserveAllowance")]
public sealed record ReserveAllowance(string AdjustmentId, long Points, long DailyLimit);

/// <summary>Gives back a reservation whose adjustment was refused.</summary>
[GenerateSerializer, Immutable, Alias("Loyalty.ReleaseAllowance")]
public sealed record ReleaseAllowance(string AdjustmentId);

/// <summary>
/// The answer: whether the adjustment fits, whether this call reserved it (a repeat did not), and the day's total.
/// </summary>
[GenerateSerializer, Alias("Loyalty.AllowanceResult")]
public sealed record AllowanceResult(bool Granted, bool Reserved, long Used, long DailyLimit);

/// <summary>
/// The daily cap on one manager's manual adjustments (key = <c>{keyId}:{yyyy-MM-dd}</c>, program-local date). One
/// grain per manager and day, so parallel adjustments by the same manager can never together pass the cap.
/// </summary>
[Alias("Loyalty.IAdjustmentAllowanceGrain")]
public interface IAdjustmentAllowanceGrain : IGrainWithStringKey
{
    /// <summary>Reserves |points| when they fit; a repeated adjustment id answers granted without counting twice.</summary>
    [Alias("Reserve")]
    Task<AllowanceResult> Reserve(ReserveAllowance request);

    [Alias("Release")]
    Task<AllowanceResult> Release(ReleaseAllowance request);
}

[GrainType("adjustment-allowance")]
public sealed class AdjustmentAllowanceGrain(
    [PersistentState("adjustment-allowance", ProgramDataStorage.Name)] IPersistentState<AdjustmentAllowanceState> state)
    : ProgramDataGrain<AdjustmentAllowanceState>(state), IAdjustmentAllowanceGrain
{
    public static string KeyFor(string keyId, DateOnly day) => $"{keyId}:{day:yyyy-MM-dd}";

    public async Task<AllowanceResult> Reserve(ReserveAllowance request)
    {
        if (State.Adjustments.ContainsKey(request.AdjustmentId))
        {
            return new AllowanceResult(true, false, State.Used, request.DailyLimit);
        }
        var points = Math.Abs(request.Points);
        if (State.Used + points > request.DailyLimit)
        {
            return new AllowanceResult(false, false, State.Used, request.DailyLimit);
        }
        State.Adjustments[request.AdjustmentId] = points;
        State.Used += points;
        await SaveAsync();
        return new AllowanceResult(true, true, State.Used, request.DailyLimit);
    }

    public async Task<AllowanceResult> Release(ReleaseAllowance request)
    {
        if (State.Adjustments.Remove(request.AdjustmentId, out var points))
        {
            State.Used -= points;
            await SaveAsync();
        }
        return new AllowanceResult(true, false, State.Used, 0);
    }
}
