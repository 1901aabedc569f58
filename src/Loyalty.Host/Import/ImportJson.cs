using System.Text.Json;
using System.Text.Json.Serialization;

namespace Loyalty.Host.Import;

/// <summary>Source-generated JSON for import rows and results: a million rows must not pay for reflection.</summary>
// Rows are read as strictly as request bodies: unknown fields and numbers sent as text are row errors.
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(ImportRow))]
[JsonSerializable(typeof(ImportRowResult))]
[JsonSerializable(typeof(ImportResponse))]
[JsonSerializable(typeof(ImportTotalsLine))]
public sealed partial class ImportJson : JsonSerializerContext;
