using System.Security.Cryptography;

namespace Loyalty.Grains.Flows;

/// <summary>New ids for members, cards and approval requests: random, so silos never need to coordinate a sequence.</summary>
public static class NewIds
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string Member() => "M" + RandomNumberGenerator.GetString(Alphabet, 10);

    /// <summary>A 16-digit card number starting 88 (printed or virtual).</summary>
    public static string Card() => "88" + RandomNumberGenerator.GetString("0123456789", 14);

    /// <summary>An approval request id.</summary>
    public static string Request() => "R" + RandomNumberGenerator.GetString(Alphabet, 10);
}
