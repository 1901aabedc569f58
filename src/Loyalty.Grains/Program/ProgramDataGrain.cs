using Loyalty.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Grains.Program;

/// <summary>
/// Base of the grains that hold program data without a ledger (settings, promotions, coupon templates, the gift
/// index): stock Orleans persistence under <see cref="ProgramDataStorage.Name"/> (ADO.NET on PostgreSQL, memory otherwise).
/// Methods check everything before they change the state, and <see cref="SaveAsync"/> writes it before they answer.
/// </summary>
public abstract class ProgramDataGrain<TState>(IPersistentState<TState> state) : Grain where TState : new()
{
    private TimeProvider? _time;

    protected TState State => state.State;

    protected TimeProvider Time => _time ??= ServiceProvider.GetRequiredService<TimeProvider>();

    /// <summary>Writes the state; when the write fails the activation is dropped, so memory never keeps what storage refused.</summary>
    protected async Task SaveAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception ex)
        {
            DeactivateOnIdle();
            throw new GrainConflictException($"{GetType().Name}: the change could not be stored; retry.", ex);
        }
    }
}

/// <summary>The Orleans grain-storage provider of the program data grains.</summary>
public static class ProgramDataStorage
{
    public const string Name = "program-data";
}
