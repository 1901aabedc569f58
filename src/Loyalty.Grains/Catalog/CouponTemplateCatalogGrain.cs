using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Loyalty.Domain;
using Loyalty.Grains.Contracts;
using Loyalty.Runtime;
using Loyalty.Runtime.Storage;

namespace Loyalty.Grains.Catalog;

public sealed class CouponTemplateCatalogState
{
    public List<CouponTemplateRecord> Templates { get; set; } = [];
}

/// <summary>All coupon templates (key "default"). Templates are immutable: the same id again must repeat the template.</summary>
public interface ICouponTemplateCatalogGrain : IGrainWithStringKey
{
    Task<CouponTemplateRecord> Define(DefineCouponTemplate request);

    Task<CouponTemplateList> List(ListCouponTemplates request);
}

public sealed class CouponTemplateCatalogGrain : Grain<CouponTemplateCatalogState>, ICouponTemplateCatalogGrain
{
    public const string DefaultKey = "default";

    protected override JsonTypeInfo<CouponTemplateCatalogState> StateJson => GrainJson.Default.CouponTemplateCatalogState;

    public Task<CouponTemplateRecord> Define(DefineCouponTemplate request)
    {
        var template = request.Template;
        if (State.Templates.Find(t => t.Template.TemplateId == template.TemplateId) is { } existing)
        {
            return PromotionCatalogGrain.Same(existing.Template, template, GrainJson.Default.CouponTemplate)
                ? Task.FromResult(existing)
                : throw new DomainException(ErrorCodes.IdempotencyMismatch,
                    $"Coupon template '{template.TemplateId}' already exists with another definition.");
        }
        var now = Time.GetUtcNow();
        var record = new CouponTemplateRecord(template, request.By.KeyId, now);
        State.Templates.Add(record);
        AppendLedger(new LedgerRow(CatalogAccounts.CouponTemplate(template.TemplateId), "define", "coupon-template-define", now,
            request.By.StoreId,
            DataJson: JsonSerializer.Serialize(new LedgerNote($"coupon template {template.Name}", request.By.KeyId), GrainJson.Default.LedgerNote)));
        return Task.FromResult(record);
    }

    public Task<CouponTemplateList> List(ListCouponTemplates request) => Task.FromResult(new CouponTemplateList(State.Templates.ToList()));
}
