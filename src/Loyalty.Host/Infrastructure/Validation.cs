namespace Loyalty.Host.Infrastructure;

/// <summary>Collects field errors for a ValidationProblem; the edge validates before any grain is called.</summary>
public sealed class Validation
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    /// <summary>Whether this field has no error yet (so a later check does not pile a second message on a bad value).</summary>
    public bool IsValidField(string field) => !_errors.ContainsKey(field);

    public Validation Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }
        list.Add(message);
        return this;
    }

    public Validation Require(string field, string? value, int maxLength = 100)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, "Required.");
        }
        else if (value.Length > maxLength)
        {
            Add(field, $"At most {maxLength} characters.");
        }
        return this;
    }

    public Validation Optional(string field, string? value, int maxLength = 100)
    {
        if (value is not null && (value.Length == 0 || value.Length > maxLength))
        {
            Add(field, $"Between 1 and {maxLength} characters when given.");
        }
        return this;
    }

    /// <summary>Ids used as grain keys and operation ids: letters, digits and - _ . : only.</summary>
    public Validation Id(string field, string? value, bool required = true, int maxLength = 64)
    {
        if (string.IsNullOrEmpty(value))
        {
            if (required)
            {
                Add(field, "Required.");
            }
        }
        else if (value.Length > maxLength || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'))
        {
            Add(field, $"Up to {maxLength} letters, digits, '-', '_', '.' or ':'.");
        }
        return this;
    }

    public Validation Money(string field, decimal? value, decimal max, bool required, bool allowZero = true)
    {
        if (value is null)
        {
            if (required)
            {
                Add(field, "Required.");
            }
            return this;
        }
        if (value < 0 || (!allowZero && value == 0))
        {
            Add(field, allowZero ? "Must not be negative." : "Must be greater than zero.");
        }
        else if (value > max)
        {
            Add(field, $"At most {max}.");
        }
        else if (!Domain.Money.HasAtMostDecimals(value.Value))
        {
            Add(field, "At most 2 decimals.");
        }
        return this;
    }

    public IDictionary<string, string[]> Errors => _errors.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
}
