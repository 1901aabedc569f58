using System.Text.Json;
using System.Text.Json.Serialization;
using Loyalty.Domain;

namespace Loyalty.Grains.Program;

/// <summary>
/// The JSON form of <see cref="ProgramSettings"/> used by the API and by the stored program: camelCase, enums as
/// camelCase strings, unknown fields refused (a typo must not silently fall back to a default).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    Converters = [typeof(CamelCaseEnumConverter<QualifyingMetric>), typeof(CamelCaseEnumConverter<ExpiryPolicy>),
        typeof(CamelCaseEnumConverter<RefundPolicy>)])]
[JsonSerializable(typeof(ProgramSettings))]
public sealed partial class ProgramJson : JsonSerializerContext
{
    public static string Serialize(ProgramSettings settings) => JsonSerializer.Serialize(settings, Default.ProgramSettings);

    /// <summary>Reads settings; fields left out keep the default program's values.</summary>
    /// <exception cref="JsonException">The text is not a valid settings document (the exception's Path says where).</exception>
    public static ProgramSettings Deserialize(string json) =>
        JsonSerializer.Deserialize(json, Default.ProgramSettings) ?? throw new JsonException("The settings document is null.");
}

/// <summary>Enum values as camelCase strings (<c>rollingTwelveMonthSpend</c>); reading is case-insensitive.</summary>
public sealed class CamelCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.CamelCase, allowIntegerValues: false)
    where TEnum : struct, Enum;
