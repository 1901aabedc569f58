namespace Loyalty.Domain.Points;

/// <summary>Whether points of several members' cards may be pooled in a household (<see cref="ProgramSettings.HouseholdPooling"/>).</summary>
public static class PoolingRule
{
    public const string Disabled = "pooling_disabled";

    /// <exception cref="DomainException"><c>pooling_disabled</c> when the program forbids pooling across cards.</exception>
    public static void Check(ProgramSettings program)
    {
        if (!program.HouseholdPooling)
        {
            throw new DomainException(Disabled, "The program does not pool points across cards (householdPooling is off).");
        }
    }
}
