using Loyalty.Domain.Coupons;
using Loyalty.Domain.Points;
using Loyalty.Domain.Tiers;
using Loyalty.Grains.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Loyalty.Grains.Tests.Contracts;

/// <summary>Domain types inside grain contracts (lots, pending lots, coupons) cross silos through their surrogates.</summary>
public sealed class DomainTypesOnTheWireTests
{
    private static readonly DateOnly Day = new(2025, 3, 1);

    private static MergeExport Export() => new("merge-1", "dup", "survivor", "13800001111", 70, 15, 5,
        [new PointsLot { EarnedOn = Day, ExpiresOn = Day.AddMonths(12), Remaining = 70, EarnedBy = "m-2" }],
        [new PendingLot { EarnedOn = Day, ReleaseOn = Day.AddDays(7), Points = 15, OperationId = "c-1", EarnedBy = null }],
        [new MemberCoupon { Code = "P10", TemplateId = "t", Name = "Ten", Kind = CouponKinds.PercentOff, Percent = 10m, MinSpend = 0m,
            ValidFrom = Day, ValidTo = Day.AddDays(30), Source = "manual", UsedByCheckoutId = "c-9" }],
        ["card-1"], new SpendHistory(), 300);

    [Fact]
    public void A_merge_export_keeps_its_lots_pending_lots_and_coupons_through_serialization_and_copying()
    {
        using var services = new ServiceCollection().AddSerializer(b => b.AddAssembly(typeof(MergeExport).Assembly)).BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        var copier = services.GetRequiredService<DeepCopier>();
        var export = Export();

        foreach (var back in new[] { serializer.Deserialize<MergeExport>(serializer.SerializeToArray(export))!, copier.Copy(export)! })
        {
            var lot = Assert.Single(back.Lots);
            Assert.Equal((Day, Day.AddMonths(12), 70L, "m-2"), (lot.EarnedOn, lot.ExpiresOn!.Value, lot.Remaining, lot.EarnedBy!));
            var pending = Assert.Single(back.PendingLots);
            Assert.Equal((Day.AddDays(7), 15L, "c-1", (string?)null), (pending.ReleaseOn, pending.Points, pending.OperationId, pending.EarnedBy));
            var coupon = Assert.Single(back.Coupons);
            Assert.Equal(("P10", CouponKinds.PercentOff, 10m, Day.AddDays(30), "c-9"),
                (coupon.Code, coupon.Kind, coupon.Percent, coupon.ValidTo, coupon.UsedByCheckoutId!));
            // A copy is a copy: changing it leaves the original as it was.
            lot.Remaining = 1;
            Assert.Equal(70, export.Lots[0].Remaining);
        }
    }
}
