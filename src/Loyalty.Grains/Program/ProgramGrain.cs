using System.Text.Json;
using Loyalty.Domain;
using Loyalty.Grains.Contracts;

namespace Loyalty.Grains.Program;

/// <summary>The stored program: the settings in the API's JSON form, their version and who changed them when.</summary>
public sealed class ProgramState
{
    public int Version { get; set; } = 1;

    /// <summary>Null while the default program was never changed.</summary>
    public string? SettingsJson { get; set; }

    public List<ProgramChangeView> History { get; set; } = [];
}

/// <summary>The program settings (key "default"): one owner of the version counter, so versions never repeat.</summary>
[Alias("Loyalty.IProgramGrain")]
public interface IProgramGrain : IGrainWithStringKey
{
    [Alias("Get")]
    Task<ProgramSnapshot> Get(GetProgram request);

    /// <summary>Validates and stores new settings as version + 1; identical settings change nothing.</summary>
    [Alias("Update")]
    Task<ProgramSnapshot> Update(UpdateProgram request);
}

[GrainType("program")]
public sealed class ProgramGrain([PersistentState("program", ProgramDataStorage.Name)] IPersistentState<ProgramState> state)
    : ProgramDataGrain<ProgramState>(state), IProgramGrain
{
    public const string DefaultKey = "default";
    private const int HistoryKept = 200;

    public Task<ProgramSnapshot> Get(GetProgram request) => Task.FromResult(Snapshot());

    public async Task<ProgramSnapshot> Update(UpdateProgram request)
    {
        ProgramSettings settings;
        try
        {
            settings = ProgramJson.Deserialize(request.SettingsJson);
        }
        catch (JsonException e)
        {
            throw new DomainException(ErrorCodes.Validation, $"The settings are not valid JSON ({e.Path}).");
        }
        var errors = settings.Validate();
        if (errors.Count > 0)
        {
            throw new DomainException(ErrorCodes.Validation, string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")));
        }
        if (request.ExpectedVersion is { } expected && expected != State.Version)
        {
            throw new DomainException(ErrorCodes.Conflict,
                $"The program is at version {State.Version}, the change was made on version {expected}. Read it again and retry.");
        }
        var current = State.SettingsJson ?? ProgramJson.Serialize(ProgramSettings.Default with { Version = State.Version });
        if (ProgramJson.Serialize(settings with { Version = State.Version }) == current)
        {
            return Snapshot();
        }

        var now = Time.GetUtcNow();
        State.Version++;
        State.SettingsJson = ProgramJson.Serialize(settings with { Version = State.Version });
        State.History.Add(new ProgramChangeView(State.Version, request.By.KeyId, request.By.Role, now));
        if (State.History.Count > HistoryKept)
        {
            State.History.RemoveAt(0);
        }
        await SaveAsync();
        return Snapshot();
    }

    private ProgramSnapshot Snapshot() => new(State.Version, State.SettingsJson, State.History.ToList());
}
