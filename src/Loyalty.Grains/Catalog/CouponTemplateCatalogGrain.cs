using Loyalty.Domain;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Program;

namespace Loyalty.Grains.Catalog;

public sealed class CouponTemplateCatalogState
{
    public List<CouponTemplateRecord> Templates { get; set; } = [];
}

/// <summary>All coupon templates (key "default"). Templates are immutable: the same id again must repeat the template.</summary>
[Alias("Loyalty.ICouponTemplateCatalogGrain")]
public interface ICouponTemplateCatalogGrain : IGrainWithStringKey
{
    [Alias("Define")]
    Task<CouponTemplateRecord> Define(DefineCouponTemplate request);

    [Alias("List")]
    Task<CouponTemplateList> List(ListCouponTemplates request);
}

[GrainType("coupon-template-catalog")]
public sealed class CouponTemplateCatalogGrain(
    [PersistentState("coupon-templates", ProgramDataStorage.Name)] IPersistentState<CouponTemplateCatalogState> state)
    : ProgramDataGrain<CouponTemplateCatalogState>(state), ICouponTemplateCatalogGrain
{
    public const string DefaultKey = "default";

    public async Task<CouponTemplateRecord> Define(DefineCouponTemplate request)
    {
        var template = request.Template;
        if (State.Templates.Find(t => t.Template.TemplateId == template.TemplateId) is { } existing)
        {
            return PromotionCatalogGrain.Same(existing.Template, template, GrainJson.Default.CouponTemplate)
                ? existing
                : throw new DomainException(ErrorCodes.IdempotencyMismatch,
                    $"Coupon template '{template.TemplateId}' already exists with another definition.");
        }
        var now = Time.GetUtcNow();
        var record = new CouponTemplateRecord(template, request.By.KeyId, now);
        State.Templates.Add(record);
        await SaveAsync();
        return record;
    }

    public Task<CouponTemplateList> List(ListCouponTemplates request) => Task.FromResult(new CouponTemplateList(State.Templates.ToList()));
}
