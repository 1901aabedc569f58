using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace Loyalty.Host.Infrastructure;

/// <summary>
/// Request fingerprints for idempotency, taken over the parsed and normalised request rather than its text: numbers
/// by value (<c>100</c>, <c>100.0</c> and <c>100.00</c> are one number), defaults filled in, so a repeat that a till
/// re-serialised is still the same request.
/// </summary>
public static class Canonical
{
    /// <summary>A decimal by value: trailing zeros dropped, invariant culture (100.00 → "100", 1.50 → "1.5").</summary>
    public static string Number(decimal value)
    {
        var text = value.ToString(CultureInfo.InvariantCulture);
        return text.Contains('.') ? text.TrimEnd('0').TrimEnd('.') : text;
    }

    /// <summary>The 32-hex-digit fingerprint of a canonical request object (records of strings, longs and canonical numbers).</summary>
    public static string Hash(object canonical) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(canonical)))[..32];
}
