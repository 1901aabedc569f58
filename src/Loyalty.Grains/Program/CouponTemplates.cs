using Loyalty.Grains.Contracts;

namespace Loyalty.Grains.Program;

/// <summary>The coupon templates as issuing and checkout see them: an in-memory copy, loaded at start-up and after each change.</summary>
public interface ICouponTemplates
{
    /// <summary>The template with this id, or null.</summary>
    CouponTemplate? Find(string templateId);

    IReadOnlyList<CouponTemplateRecord> All { get; }
}

public sealed class CouponTemplates : ICouponTemplates
{
    private Snapshot _snapshot = new([], new Dictionary<string, CouponTemplate>(StringComparer.Ordinal));

    private sealed record Snapshot(IReadOnlyList<CouponTemplateRecord> All, IReadOnlyDictionary<string, CouponTemplate> ById);

    public IReadOnlyList<CouponTemplateRecord> All => Volatile.Read(ref _snapshot).All;

    public CouponTemplate? Find(string templateId) => Volatile.Read(ref _snapshot).ById.GetValueOrDefault(templateId);

    public void Replace(IEnumerable<CouponTemplateRecord> templates)
    {
        var all = templates.OrderBy(t => t.Template.TemplateId, StringComparer.Ordinal).ToList();
        Volatile.Write(ref _snapshot, new Snapshot(all,
            all.ToDictionary(t => t.Template.TemplateId, t => t.Template, StringComparer.Ordinal)));
    }
}
