using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Loyalty.Host.Infrastructure;

/// <summary>
/// Request bodies are read strictly: an unknown field is refused (a typo such as <c>storedValueAmmount</c> must not
/// silently skip a charge) and numbers must be JSON numbers. A refusal names the field in the API's own words; the
/// serializer's message (with .NET type names) never reaches the client.
/// </summary>
public static partial class JsonErrors
{
    /// <summary>The options every endpoint body is read with (camelCase as api.md says, strict otherwise).</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.NumberHandling = JsonNumberHandling.Strict;
    }

    /// <summary>The field (camelCase path like <c>lines[0].quantity</c>, or <c>body</c>) and what is wrong with it.</summary>
    public static (string Field, string Message) Describe(JsonException exception)
    {
        var text = exception.Message;
        if (Unmapped().Match(text) is { Success: true } unknown)
        {
            var parent = FieldOf(exception.Path);
            var name = unknown.Groups["name"].Value;
            // Depending on where the reader stopped, the path may already end with the unknown property.
            var field = parent == "body" ? name : parent.EndsWith(name, StringComparison.Ordinal) ? parent : $"{parent}.{name}";
            return (field, "Unknown field; check its spelling against the API (unknown fields are refused).");
        }
        var path = FieldOf(exception.Path);
        if (Converted().Match(text) is { Success: true } converted)
        {
            return (path, Expected(converted.Groups["type"].Value));
        }
        return (path, path == "body" ? "The body is not valid JSON for this request." : "Not valid JSON at this field.");
    }

    private static string Expected(string type) => type switch
    {
        _ when type.Contains("Decimal", StringComparison.Ordinal) || type.Contains("Int", StringComparison.Ordinal)
            || type.Contains("Double", StringComparison.Ordinal) => "Must be a JSON number (not text).",
        _ when type.Contains("DateOnly", StringComparison.Ordinal) => "Must be a date as yyyy-MM-dd.",
        _ when type.Contains("DateTimeOffset", StringComparison.Ordinal) || type.Contains("DateTime", StringComparison.Ordinal) =>
            "Must be an ISO-8601 instant such as 2026-06-15T10:00:00+08:00.",
        _ when type.Contains("Boolean", StringComparison.Ordinal) => "Must be true or false.",
        _ when type.Contains("String", StringComparison.Ordinal) && !type.Contains("List", StringComparison.Ordinal) => "Must be a JSON string.",
        _ when type.Contains("List", StringComparison.Ordinal) || type.Contains("[]", StringComparison.Ordinal) => "Must be a JSON array.",
        _ => "Must be a JSON object with the fields of this request.",
    };

    /// <summary>`$.lines[0].quantity` → `lines[0].quantity`; the root → `body`.</summary>
    public static string FieldOf(string? path) => string.IsNullOrEmpty(path) || path == "$" ? "body" : path.TrimStart('$', '.');

    [GeneratedRegex("The JSON property '(?<name>[^']*)' could not be mapped")]
    private static partial Regex Unmapped();

    [GeneratedRegex(@"could not be converted to (?<type>[^\s.]+(\.[^\s.]+)*)")]
    private static partial Regex Converted();
}
