using System.Security.Cryptography;
using System.Text;
using Loyalty.Grains.Contracts;
using Loyalty.Host.Apis;
using Loyalty.Host.Infrastructure;

namespace Loyalty.Host.Import;

/// <summary>
/// The rules of POST /members applied to an import row, plus the import's own fields. Error texts name the
/// field, never its value (rows carry phone numbers and names).
/// </summary>
public static class ImportRowValidator
{
    public const long MaxOpeningPoints = CheckoutBody.MaxRedeemPoints;
    public const decimal MaxOpeningSpend = 100_000_000m;
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static (ValidImportRow? Row, string? Error) Validate(ParsedRow parsed, DateOnly today, StoreDirectory? stores = null)
    {
        if (parsed.Row is not { } row)
        {
            return (null, parsed.Error ?? "Unreadable row.");
        }
        var v = new Validation().Id("rowId", row.RowId, required: true, maxLength: 64)
            .Id("memberId", row.MemberId, required: false)
            .Require("name", row.Name?.Trim(), 50)
            .Id("homeStoreId", row.HomeStoreId, required: false, maxLength: 32)
            .Id("cardNumber", row.CardNumber, required: false, maxLength: 32)
            .Money("openingSpend", row.OpeningSpend, MaxOpeningSpend, required: false);
        stores?.Check(v, "homeStoreId", row.HomeStoreId);
        var phone = Phones.Normalize(row.Phone);
        if (row.Phone is null)
        {
            v.Add("phone", "Required.");
        }
        else if (phone is null)
        {
            v.Add("phone", "A phone number of 6 to 20 digits.");
        }
        if (row.Birthday is { } birthday && birthday > today)
        {
            v.Add("birthday", "A birthday cannot be in the future.");
        }
        var cardType = row.CardType ?? CardTypes.Standard;
        if (!CardTypes.IsKnown(cardType))
        {
            v.Add("cardType", "One of standard, storedValue, corporate.");
        }
        if (row.CardType is not null && row.CardNumber is null)
        {
            v.Add("cardNumber", "Required when cardType is given.");
        }
        if (row.OpeningPoints is < 0 or > MaxOpeningPoints)
        {
            v.Add("openingPoints", $"Between 0 and {MaxOpeningPoints}.");
        }
        if (!v.IsValid)
        {
            return (null, string.Join(" ", v.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
        }
        return (new ValidImportRow(parsed.Line, row.RowId!, row.MemberId ?? MemberIdFor(row.RowId!), row.Name!.Trim(), phone!,
            row.Birthday, row.HomeStoreId, row.CardNumber, cardType, row.OpeningPoints ?? 0, row.OpeningSpend ?? 0m), null);
    }

    /// <summary>
    /// The member id of a row without one: derived from the row id, so a re-sent row lands on the same member
    /// (and is reported "exists"). 12 characters, unlike the 10 of API-registered ids, so the two never collide.
    /// </summary>
    public static string MemberIdFor(string rowId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("import:" + rowId));
        var chars = new char[13];
        chars[0] = 'M';
        for (var i = 1; i < chars.Length; i++)
        {
            chars[i] = Alphabet[hash[i] % Alphabet.Length];
        }
        return new string(chars);
    }
}
