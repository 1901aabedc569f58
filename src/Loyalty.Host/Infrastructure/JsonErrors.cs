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
        var path = FieldOf(exception.Path);
        if (Unmapped().Match(exception.Message) is { Success: true } unknown)
        {
            // The reader's path already ends with the unknown property, except at the root of some readers.
            var name = unknown.Groups["name"].Value;
            var field = path == "body" ? name : path.EndsWith(name, StringComparison.Ordinal) ? path : $"{path}.{name}";
            return (field, "Unknown field; check its spelling against the API (unknown fields are refused).");
        }
        // The serializer's own text names .NET types; what the field needed is told by the reader's inner error.
        var inner = exception.InnerException?.Message ?? "";
        var message = inner switch
        {
            _ when inner.Contains("as a number", StringComparison.Ordinal) => "Must be a JSON number (not text).",
            _ when inner.Contains("as a string", StringComparison.Ordinal) => "Must be a JSON string.",
            _ when inner.Contains("as a boolean", StringComparison.Ordinal) => "Must be true or false.",
            _ when inner.Contains("DateOnly", StringComparison.Ordinal) => "Must be a date as yyyy-MM-dd.",
            _ when inner.Contains("DateTime", StringComparison.Ordinal) => "Must be an ISO-8601 instant such as 2026-06-15T10:00:00+08:00.",
            _ when inner.Contains("out of bounds", StringComparison.Ordinal) || inner.Contains("supported format", StringComparison.Ordinal) =>
                "Not a number this field can hold (whole numbers where counts or points are asked).",
            _ when path == "body" => "The body is not valid JSON for this request.",
            _ => "Not a valid value for this field (a list, an object, a number or a string as the API describes).",
        };
        return (path, message);
    }

    /// <summary>`$.lines[0].quantity` → `lines[0].quantity`; the root → `body`.</summary>
    public static string FieldOf(string? path) => string.IsNullOrEmpty(path) || path == "$" ? "body" : path.TrimStart('$', '.');

    [GeneratedRegex("The JSON property '(?<name>[^']*)' could not be mapped")]
    private static partial Regex Unmapped();
}
