namespace Loyalty.Host.Infrastructure;

/// <summary>
/// Phone numbers: one canonical form per number, so one phone belongs to one member however it is written
/// (<c>+86 139 0000 0001</c>, <c>0086-139-0000-0001</c>, <c>139 0000 0001</c> are all <c>13900000001</c>), and masked
/// for clerks (138****5678).
/// </summary>
public static class Phones
{
    private const string ChinaCode = "86";

    /// <summary>
    /// Digits only, without China's country code (+86, 0086, or 86 before an 11-digit mobile number); a number
    /// with another country code keeps it behind a '+'. Null when it is not a phone number of 6 to 20 digits.
    /// </summary>
    public static string? Normalize(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            return null;
        }
        var trimmed = phone.Trim();
        var kept = new string(trimmed.Where(c => c is not (' ' or '-' or '(' or ')' or '.' or '\u00A0')).ToArray());
        var international = kept.StartsWith('+') || kept.StartsWith("00", StringComparison.Ordinal);
        var digits = kept.StartsWith('+') ? kept[1..] : kept.StartsWith("00", StringComparison.Ordinal) ? kept[2..] : kept;
        if (!digits.All(char.IsAsciiDigit))
        {
            return null;
        }
        if (international && digits.StartsWith(ChinaCode, StringComparison.Ordinal))
        {
            digits = digits[ChinaCode.Length..];
            international = false;
        }
        else if (!international && digits.Length == 13 && digits.StartsWith("861", StringComparison.Ordinal))
        {
            // 86 written without + or 00 in front of a mainland mobile number (11 digits starting with 1).
            digits = digits[ChinaCode.Length..];
        }
        if (digits.Length is < 6 or > 20)
        {
            return null;
        }
        return international ? "+" + digits : digits;
    }

    public static string Mask(string phone) => phone.Length <= 7
        ? new string('*', phone.Length)
        : phone[..3] + new string('*', phone.Length - 7) + phone[^4..];
}
