namespace Loyalty.Domain.Tests;

/// <summary>Program variations used by several tests.</summary>
internal static class Programs
{
    /// <summary>The default program with one tier's member discount set to 0%, so promotions can apply to it.</summary>
    public static ProgramSettings WithoutDiscount(string tierId) => ProgramSettings.Default with
    {
        Tiers = ProgramSettings.Default.Tiers
            .Select(t => t.Id == tierId ? t with { MemberDiscountRate = 0m } : t)
            .ToList(),
    };
}
