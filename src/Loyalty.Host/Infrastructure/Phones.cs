namespace Loyalty.Host.Infrastructure;

/// <summary>Phone numbers: normalised to digits (with an optional leading +) and masked for clerks (138****5678).</summary>
public static class Phones
{
    public static string? Normalize(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            return null;
        }
        var trimmed = phone.Trim();
        var plus = trimmed.StartsWith('+');
        var kept = new string(trimmed.Where(c => c is not (' ' or '-' or '(' or ')')).ToArray());
        var digits = plus ? kept[1..] : kept;
        if (digits.Length is < 6 or > 20 || !digits.All(char.IsAsciiDigit))
        {
            return null;
        }
        return plus ? "+" + digits : digits;
    }

    public static string Mask(string phone) => phone.Length <= 7
        ? new string('*', phone.Length)
        : phone[..3] + new string('*', phone.Length - 7) + phone[^4..];
}
