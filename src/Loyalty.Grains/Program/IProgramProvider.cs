using Loyalty.Domain;

namespace Loyalty.Grains.Program;

/// <summary>The program settings in force now. Checkouts read it once and record its version.</summary>
public interface IProgramProvider
{
    ProgramSettings Current { get; }
}

/// <summary>Holds the current settings in memory; replaced atomically when an admin changes the program.</summary>
public sealed class ProgramProvider(ProgramSettings initial) : IProgramProvider
{
    private ProgramSettings _current = initial;

    public ProgramSettings Current => Volatile.Read(ref _current);

    public void Replace(ProgramSettings settings) => Volatile.Write(ref _current, settings);
}
