using Loyalty.Domain;
using Loyalty.Grains.Contracts;

namespace Loyalty.Grains.Program;

/// <summary>Puts a stored program into the provider; an older version never replaces a newer one (racing PUTs).</summary>
public static class ProgramUpdates
{
    private static readonly Lock Gate = new();

    /// <summary>The settings a snapshot describes (the default program while none was stored).</summary>
    public static ProgramSettings SettingsOf(ProgramSnapshot snapshot) => snapshot.SettingsJson is null
        ? ProgramSettings.Default with { Version = snapshot.Version }
        : ProgramJson.Deserialize(snapshot.SettingsJson) with { Version = snapshot.Version };

    /// <summary>Replaces the provider's settings with the snapshot's when it is newer (or when <paramref name="force"/>, at start-up).</summary>
    public static ProgramSettings Apply(ProgramProvider provider, ProgramSnapshot snapshot, bool force = false)
    {
        var settings = SettingsOf(snapshot);
        lock (Gate)
        {
            if (force || settings.Version > provider.Current.Version)
            {
                provider.Replace(settings);
            }
            return provider.Current;
        }
    }
}
