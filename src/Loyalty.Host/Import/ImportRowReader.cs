using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Loyalty.Host.Infrastructure;

namespace Loyalty.Host.Import;

/// <summary>
/// Streams rows out of a request body without holding it: NDJSON (one JSON object per line) or CSV with a
/// header row naming the columns (any order, case-insensitive; quoted fields may contain commas and doubled
/// quotes, but not line breaks). A line that cannot be read becomes a row error; reading goes on.
/// </summary>
public static class ImportRowReader
{
    public static bool IsCsv(string? contentType) =>
        contentType is not null && contentType.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase);

    public static async IAsyncEnumerable<ParsedRow> ReadAsync(Stream body, bool csv, [EnumeratorCancellation] CancellationToken ct)
    {
        using var reader = new StreamReader(body, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024);
        string[]? header = null;
        long line = 0;
        while (await reader.ReadLineAsync(ct) is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }
            if (!csv)
            {
                yield return ParseJson(line, text);
            }
            else if (header is null)
            {
                header = SplitCsv(text)?.Select(h => h.Trim()).ToArray() ?? [];
            }
            else
            {
                yield return ParseCsv(line, header, text);
            }
        }
    }

    private static ParsedRow ParseJson(long line, string text)
    {
        try
        {
            var row = JsonSerializer.Deserialize(text, ImportJson.Default.ImportRow);
            return row is null ? new ParsedRow(line, null, "Not a JSON object.") : new ParsedRow(line, row, null);
        }
        catch (JsonException e)
        {
            // The serializer's message could echo the offending value (a phone number, a name): only the field is named.
            var (field, message) = JsonErrors.Describe(e);
            return new ParsedRow(line, null, field == "body" ? "Not a valid JSON row." : $"{field}: {message}");
        }
    }

    private static ParsedRow ParseCsv(long line, string[] header, string text)
    {
        var fields = SplitCsv(text);
        if (fields is null)
        {
            return new ParsedRow(line, null, "Unbalanced quotes.");
        }
        string? Field(string name)
        {
            var index = Array.FindIndex(header, h => h.Equals(name, StringComparison.OrdinalIgnoreCase));
            return index >= 0 && index < fields.Count && fields[index].Length > 0 ? fields[index] : null;
        }

        DateOnly? birthday = null;
        long? points = null;
        decimal? spend = null;
        if (Field("birthday") is { } b)
        {
            if (!DateOnly.TryParseExact(b, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return new ParsedRow(line, null, "birthday: a date yyyy-MM-dd.");
            }
            birthday = day;
        }
        if (Field("openingPoints") is { } p)
        {
            if (!long.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            {
                return new ParsedRow(line, null, "openingPoints: an integer.");
            }
            points = value;
        }
        if (Field("openingSpend") is { } s)
        {
            if (!decimal.TryParse(s, NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
            {
                return new ParsedRow(line, null, "openingSpend: a number.");
            }
            spend = value;
        }
        return new ParsedRow(line, new ImportRow(Field("rowId"), Field("memberId"), Field("name"), Field("phone"), birthday,
            Field("homeStoreId"), Field("cardNumber"), Field("cardType"), points, spend), null);
    }

    /// <summary>Splits one CSV line (RFC 4180 quoting within the line); null when a quote is left open.</summary>
    public static List<string>? SplitCsv(string text)
    {
        var fields = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }
        if (quoted)
        {
            return null;
        }
        fields.Add(current.ToString());
        return fields;
    }
}
