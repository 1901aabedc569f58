using Loyalty.Domain;
using Loyalty.Grains.Contracts;
using Loyalty.Host.Infrastructure;

namespace Loyalty.Host.Apis;

public sealed record CheckoutLineBody(string? Sku, string? Category, decimal? Quantity, decimal? UnitPrice, bool? SpecialPrice);

/// <summary>The checkout body of api.md. The member is named by card, by member id, or by phone plus name.</summary>
public sealed record CheckoutBody(
    string? CheckoutId,
    string? StoreId,
    string? CardNumber,
    string? MemberId,
    string? Phone,
    string? Name,
    List<CheckoutLineBody>? Lines,
    long? RedeemPoints,
    string? CouponCode,
    decimal? StoredValueAmount)
{
    public const int MaxLines = 500;
    public const decimal MaxQuantity = 10_000m;
    public const decimal MaxUnitPrice = 1_000_000m;
    public const long MaxRedeemPoints = 100_000_000;

    /// <summary>
    /// Checks the body on its own, then against the chain (known store) and the program's till limits (line and
    /// checkout amounts), so no till can claim an absurd purchase.
    /// </summary>
    public Validation Validate(bool requireCheckoutId, StoreDirectory stores, ProgramSettings program)
    {
        var v = Validate(requireCheckoutId);
        stores.Check(v, "storeId", StoreId);
        if (StoredValueAmount > 0 && CardNumber is null && v.IsValidField("cardNumber"))
        {
            v.Add("storedValueAmount", "Stored value is paid with a card: send cardNumber.");
        }
        if (!v.IsValid)
        {
            return v;
        }
        var subtotal = 0m;
        for (var i = 0; i < Lines!.Count; i++)
        {
            var amount = decimal.Round(Lines[i].Quantity!.Value * Lines[i].UnitPrice!.Value, 2, MidpointRounding.AwayFromZero);
            subtotal += amount;
            if (amount > program.MaxLineAmount)
            {
                v.Add($"lines[{i}]", $"The line comes to {amount:0.00}; the program allows at most {program.MaxLineAmount:0.00} per line (maxLineAmount).");
            }
        }
        if (v.IsValid && subtotal > program.MaxCheckoutAmount)
        {
            v.Add("lines", $"The checkout comes to {subtotal:0.00}; the program allows at most {program.MaxCheckoutAmount:0.00} per checkout (maxCheckoutAmount).");
        }
        return v;
    }

    public Validation Validate(bool requireCheckoutId)
    {
        var v = new Validation().Id("checkoutId", CheckoutId, requireCheckoutId).Id("storeId", StoreId, maxLength: 32)
            .Id("cardNumber", CardNumber, required: false, maxLength: 32).Id("memberId", MemberId, required: false)
            .Optional("couponCode", CouponCode, 64)
            .Money("storedValueAmount", StoredValueAmount, MaxUnitPrice * 100, required: false);
        var named = (CardNumber is not null ? 1 : 0) + (MemberId is not null ? 1 : 0) + (Phone is not null || Name is not null ? 1 : 0);
        if (named != 1)
        {
            v.Add("cardNumber", "Name the member with exactly one of cardNumber, memberId, or phone with name.");
        }
        else if ((Phone is not null || Name is not null) && (Phones.Normalize(Phone) is null || string.IsNullOrWhiteSpace(Name)))
        {
            v.Add("phone", "Both phone and name are needed to find a member without a card.");
        }
        if (RedeemPoints is < 0 or > MaxRedeemPoints)
        {
            v.Add("redeemPoints", $"Between 0 and {MaxRedeemPoints}.");
        }
        if (Lines is null || Lines.Count == 0)
        {
            v.Add("lines", "At least one line.");
            return v;
        }
        if (Lines.Count > MaxLines)
        {
            v.Add("lines", $"At most {MaxLines} lines.");
            return v;
        }
        for (var i = 0; i < Lines.Count; i++)
        {
            var line = Lines[i];
            if (line is null)
            {
                v.Add($"lines[{i}]", "Required.");
                continue;
            }
            v.Require($"lines[{i}].sku", line.Sku, 64).Require($"lines[{i}].category", line.Category, 64)
                .Money($"lines[{i}].unitPrice", line.UnitPrice, MaxUnitPrice, required: true);
            if (line.Quantity is null)
            {
                v.Add($"lines[{i}].quantity", "Required.");
            }
            else if (line.Quantity <= 0 || line.Quantity > MaxQuantity || !Money.HasAtMostDecimals(line.Quantity.Value, 3))
            {
                v.Add($"lines[{i}].quantity", $"Greater than 0, at most {MaxQuantity}, at most 3 decimals.");
            }
        }
        return v;
    }

    public IReadOnlyList<CheckoutLineRequest> LineRequests() =>
        Lines!.Select(l => new CheckoutLineRequest(l.Sku!, l.Category!, l.Quantity!.Value, l.UnitPrice!.Value, l.SpecialPrice ?? false)).ToList();

    /// <summary>
    /// Identifies the request for idempotency: the same checkout id with another request is refused. Taken over the
    /// parsed request in a canonical form, not the text, so a till that re-serialises its request (100 or 100.00,
    /// specialPrice false or left out, the phone with or without +86) is recognised as the same request.
    /// </summary>
    public string Hash()
    {
        var canonical = new CanonicalCheckout(
            StoreId,
            CardNumber,
            MemberId,
            Phones.Normalize(Phone),
            Name?.Trim().ToUpperInvariant(),
            Lines?.Select(l => new CanonicalLine(l.Sku, l.Category, Canonical.Number(l.Quantity ?? 0m), Canonical.Number(l.UnitPrice ?? 0m),
                l.SpecialPrice ?? false)).ToList(),
            RedeemPoints ?? 0,
            string.IsNullOrEmpty(CouponCode) ? null : CouponCode,
            Canonical.Number(StoredValueAmount ?? 0m));
        return Canonical.Hash(canonical);
    }

    private sealed record CanonicalLine(string? Sku, string? Category, string Quantity, string UnitPrice, bool SpecialPrice);

    private sealed record CanonicalCheckout(string? StoreId, string? CardNumber, string? MemberId, string? Phone, string? Name,
        List<CanonicalLine>? Lines, long RedeemPoints, string? CouponCode, string StoredValueAmount);

    public MemberCheckout ToMemberCheckout(bool quote) => new(
        CheckoutId ?? "quote",
        Hash(),
        StoreId!,
        CardNumber,
        LineRequests(),
        RedeemPoints ?? 0,
        CouponCode,
        StoredValueAmount ?? 0m,
        quote);
}
