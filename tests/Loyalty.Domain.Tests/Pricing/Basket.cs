using Loyalty.Domain.Pricing;

namespace Loyalty.Domain.Tests.Pricing;

/// <summary>Test builder for a checkout: a member of some tier with lines, redemption and payment options.</summary>
internal sealed class Basket
{
    private readonly List<CheckoutLine> _lines = [];
    private readonly List<ActivePromotion> _promotions = [];
    private readonly List<MemberPriceEntry> _memberPrices = [];
    private readonly string _tier;
    private ProgramSettings _program = ProgramSettings.Default;
    private bool _birthday;
    private bool _corporate;
    private long _redeem;
    private decimal _coupon;
    private decimal _storedValue;

    private Basket(string tier) => _tier = tier;

    public static Basket For(string tier) => new(tier);

    public Basket Line(decimal quantity, decimal unitPrice, string category = "grocery") =>
        Add(new CheckoutLine($"SKU{_lines.Count + 1}", category, quantity, unitPrice, SpecialPrice: false));

    public Basket Special(decimal quantity, decimal unitPrice, string category = "grocery") =>
        Add(new CheckoutLine($"SKU{_lines.Count + 1}", category, quantity, unitPrice, SpecialPrice: true));

    public Basket Tobacco(decimal quantity, decimal unitPrice) => Line(quantity, unitPrice, "tobacco");

    public Basket OnBirthday() => Set(() => _birthday = true);

    public Basket AsCorporate() => Set(() => _corporate = true);

    public Basket Redeem(long points) => Set(() => _redeem = points);

    public Basket Coupon(decimal amount) => Set(() => _coupon = amount);

    public Basket StoredValue(decimal amount) => Set(() => _storedValue = amount);

    public Basket Promotion(string id, decimal multiplier, params string[] categories) =>
        Set(() => _promotions.Add(new ActivePromotion(id, multiplier, categories.Length == 0 ? null : categories)));

    /// <summary>A price promotion: <paramref name="rate"/> of the line off, or <paramref name="amountOff"/> per unit.</summary>
    public Basket PricePromotion(string id, decimal rate = 0m, decimal amountOff = 0m, string[]? categories = null, string[]? skus = null) =>
        Set(() => _promotions.Add(new ActivePromotion(id, 1m, categories, skus, rate, amountOff)));

    public Basket MemberPrice(string tier, string? sku = null, string? category = null, decimal? unitPrice = null, decimal? rate = null) =>
        Set(() => _memberPrices.Add(new MemberPriceEntry(tier, sku, category, unitPrice, rate)));

    public Basket Under(ProgramSettings program) => Set(() => _program = program);

    public PricingInput Input() =>
        new(_program, _tier, _birthday, _corporate, _lines, _redeem, _coupon, _storedValue, _promotions, _memberPrices);

    public PricedCheckout Price() => CheckoutPricer.Price(Input());

    private Basket Add(CheckoutLine line)
    {
        _lines.Add(line);
        return this;
    }

    private Basket Set(Action change)
    {
        change();
        return this;
    }
}
