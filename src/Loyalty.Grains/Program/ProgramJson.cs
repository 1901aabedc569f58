using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Loyalty.Domain;

namespace Loyalty.Grains.Program;

/// <summary>
/// The JSON form of <see cref="ProgramSettings"/> used by the API and by the stored program: camelCase, enums as
/// camelCase strings, unknown fields refused (a typo must not silently fall back to a default).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    NumberHandling = JsonNumberHandling.Strict,
    Converters = [typeof(CamelCaseEnumConverter<QualifyingMetric>), typeof(CamelCaseEnumConverter<ExpiryPolicy>),
        typeof(CamelCaseEnumConverter<RefundPolicy>), typeof(CamelCaseEnumConverter<TierValidity>),
        typeof(CamelCaseEnumConverter<Loyalty.Domain.Benefits.BenefitPeriod>)])]
[JsonSerializable(typeof(ProgramSettings))]
public sealed partial class ProgramJson : JsonSerializerContext
{
    public static string Serialize(ProgramSettings settings) => JsonSerializer.Serialize(settings, Default.ProgramSettings);

    /// <summary>
    /// Reads settings; fields left out keep the default program's values. The document is laid over the default
    /// program's JSON first: source-generated JSON would otherwise leave a missing init-only property null or 0
    /// (and a setting added in a later release would be missing from every stored program).
    /// </summary>
    /// <exception cref="JsonException">The text is not a valid settings document (the exception's Path says where).</exception>
    public static ProgramSettings Deserialize(string json)
    {
        if (JsonNode.Parse(json) is not JsonObject given)
        {
            throw new JsonException("The program settings must be a JSON object.", "$", null, null);
        }
        var merged = JsonSerializer.SerializeToNode(Loyalty.Domain.ProgramSettings.Default, Default.ProgramSettings)!.AsObject();
        foreach (var (name, value) in given.ToList())
        {
            var existing = merged.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
            merged.Remove(existing ?? name);
            merged[existing ?? name] = value?.DeepClone();
        }
        return merged.Deserialize(Default.ProgramSettings) ?? throw new JsonException("The settings document is null.");
    }
}

/// <summary>Enum values as camelCase strings (<c>rollingTwelveMonthSpend</c>); reading is case-insensitive.</summary>
public sealed class CamelCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.CamelCase, allowIntegerValues: false)
    where TEnum : struct, Enum;
