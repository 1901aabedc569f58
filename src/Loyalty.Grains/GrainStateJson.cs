using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;

namespace Loyalty.Grains;

/// <summary>
/// The grain-state serializer of the stock Orleans storage providers (program data): System.Text.Json with the
/// source-generated <see cref="GrainJson"/> metadata, so stored state is plain JSON that names no CLR type or assembly.
/// </summary>
public static class GrainStateJson
{
    public static IGrainStorageSerializer Serializer { get; } = Create();

    private static SystemTextJsonGrainStorageSerializer Create()
    {
        var options = new SystemTextJsonGrainStorageSerializerOptions();
        options.JsonSerializerOptions.TypeInfoResolver = GrainJson.Default;
        return new SystemTextJsonGrainStorageSerializer(Options.Create(options));
    }
}
