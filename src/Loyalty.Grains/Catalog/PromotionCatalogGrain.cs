using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Loyalty.Domain;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Program;

namespace Loyalty.Grains.Catalog;

public sealed class PromotionCatalogState
{
    public List<PromotionRecord> Promotions { get; set; } = [];

    public MemberPriceList MemberPrices { get; set; } = MemberPriceList.Empty;
}

/// <summary>
/// All promotions of the chain (key "default") and its member price list. Promotion definitions are immutable: the
/// same id again must repeat them; the member price list is replaced as a whole.
/// </summary>
[Alias("Loyalty.IPromotionCatalogGrain")]
public interface IPromotionCatalogGrain : IGrainWithStringKey
{
    [Alias("Define")]
    Task<PromotionRecord> Define(DefinePromotion request);

    [Alias("List")]
    Task<PromotionList> List(ListPromotions request);

    [Alias("SetMemberPrices")]
    Task<MemberPriceList> SetMemberPrices(SetMemberPrices request);
}

[GrainType("promotion-catalog")]
public sealed class PromotionCatalogGrain(
    [PersistentState("promotions", ProgramDataStorage.Name)] IPersistentState<PromotionCatalogState> state)
    : ProgramDataGrain<PromotionCatalogState>(state), IPromotionCatalogGrain
{
    public const string DefaultKey = "default";

    public async Task<PromotionRecord> Define(DefinePromotion request)
    {
        var definition = request.Definition;
        if (State.Promotions.Find(p => p.Definition.PromotionId == definition.PromotionId) is { } existing)
        {
            return Same(existing.Definition, definition, GrainJson.Default.PromotionDefinition)
                ? existing
                : throw new DomainException(ErrorCodes.IdempotencyMismatch,
                    $"Promotion '{definition.PromotionId}' already exists with another definition.");
        }
        var now = Time.GetUtcNow();
        var record = new PromotionRecord(definition, request.By.KeyId, now);
        State.Promotions.Add(record);
        await SaveAsync();
        return record;
    }

    public Task<PromotionList> List(ListPromotions request) =>
        Task.FromResult(new PromotionList(State.Promotions.ToList(), State.MemberPrices));

    public async Task<MemberPriceList> SetMemberPrices(SetMemberPrices request)
    {
        State.MemberPrices = new MemberPriceList(request.Prices.ToList(), State.MemberPrices.Version + 1, request.By.KeyId, Time.GetUtcNow());
        await SaveAsync();
        return State.MemberPrices;
    }

    /// <summary>Definitions are compared by their JSON (records holding lists do not compare by value).</summary>
    internal static bool Same<T>(T a, T b, JsonTypeInfo<T> json) => JsonSerializer.Serialize(a, json) == JsonSerializer.Serialize(b, json);
}
