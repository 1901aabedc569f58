using System.Security.Cryptography;

namespace Loyalty.Host.Infrastructure;

/// <summary>New ids for members and cards: random, so silos never need to coordinate a sequence.</summary>
public static class Ids
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string NewMemberId() => "M" + RandomNumberGenerator.GetString(Alphabet, 10);

    /// <summary>A 16-digit card number starting 88 (printed or virtual).</summary>
    public static string NewCardNumber() => "88" + RandomNumberGenerator.GetString("0123456789", 14);

    /// <summary>An approval request id.</summary>
    public static string NewRequestId() => "R" + RandomNumberGenerator.GetString(Alphabet, 10);
}
