using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Loyalty.Domain;
using Loyalty.Grains.Contracts;
using Loyalty.Runtime;
using Loyalty.Runtime.Storage;

namespace Loyalty.Grains.Catalog;

public sealed class PromotionCatalogState
{
    public List<PromotionRecord> Promotions { get; set; } = [];
}

/// <summary>All promotions of the chain (key "default"). Definitions are immutable: the same id again must repeat them.</summary>
public interface IPromotionCatalogGrain : IGrainWithStringKey
{
    Task<PromotionRecord> Define(DefinePromotion request);

    Task<PromotionList> List(ListPromotions request);
}

public sealed class PromotionCatalogGrain : Grain<PromotionCatalogState>, IPromotionCatalogGrain
{
    public const string DefaultKey = "default";

    protected override JsonTypeInfo<PromotionCatalogState> StateJson => GrainJson.Default.PromotionCatalogState;

    public Task<PromotionRecord> Define(DefinePromotion request)
    {
        var definition = request.Definition;
        if (State.Promotions.Find(p => p.Definition.PromotionId == definition.PromotionId) is { } existing)
        {
            return Same(existing.Definition, definition, GrainJson.Default.PromotionDefinition)
                ? Task.FromResult(existing)
                : throw new DomainException(ErrorCodes.IdempotencyMismatch,
                    $"Promotion '{definition.PromotionId}' already exists with another definition.");
        }
        var now = Time.GetUtcNow();
        var record = new PromotionRecord(definition, request.By.KeyId, now);
        State.Promotions.Add(record);
        AppendLedger(new LedgerRow(CatalogAccounts.Promotion(definition.PromotionId), "define", "promotion-define", now, request.By.StoreId,
            DataJson: JsonSerializer.Serialize(new LedgerNote($"promotion {definition.Name}", request.By.KeyId), GrainJson.Default.LedgerNote)));
        return Task.FromResult(record);
    }

    public Task<PromotionList> List(ListPromotions request) => Task.FromResult(new PromotionList(State.Promotions.ToList()));

    /// <summary>Definitions are compared by their JSON (records holding lists do not compare by value).</summary>
    internal static bool Same<T>(T a, T b, JsonTypeInfo<T> json) => JsonSerializer.Serialize(a, json) == JsonSerializer.Serialize(b, json);
}
