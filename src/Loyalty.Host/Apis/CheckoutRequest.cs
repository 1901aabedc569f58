using System.Security.Cryptography;
using System.Text.Json;
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

    /// <summary>Identifies the body for idempotency: the same checkout id with another body is refused.</summary>
    public string Hash()
    {
        var canonical = JsonSerializer.SerializeToUtf8Bytes(this with { CheckoutId = null, Phone = Phones.Normalize(Phone) });
        return Convert.ToHexStringLower(SHA256.HashData(canonical))[..32];
    }

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
