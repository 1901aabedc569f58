using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Loyalty.Domain;
using Loyalty.Grains.Contracts;
using Loyalty.Persistence;
using Loyalty.Persistence.Storage;

namespace Loyalty.Grains.Catalog;

public sealed class GiftReservationState
{
    public int Quantity { get; set; }

    public long PointsPrice { get; set; }

    public bool Released { get; set; }
}

public sealed class GiftState : ILedgeredRecord<GiftState>
{
    public static JsonTypeInfo<GiftState> JsonInfo => GrainJson.Default.GiftState;

    /// <summary>Report columns stored beside the state.</summary>
    public GrainSummary Summarize() => new(Status: "active", Points: Stock);

    public string Name { get; set; } = "";

    public long PointsPrice { get; set; }

    public int OpeningStock { get; set; }

    /// <summary>When set, redeeming the gift puts a coupon of this template into the member's wallet.</summary>
    public string? CouponTemplateId { get; set; }

    public int Stock { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Every reservation, kept until forgotten never: a refund may release one long after (stock bounds their number).</summary>
    public Dictionary<string, GiftReservationState> Reservations { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Adjustment id → delta, so a repeated restock is applied once.</summary>
    public Dictionary<string, int> Adjustments { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// One gift of the catalogue (礼品, key = catalog item id) and its stock. Turn-based, so two clerks redeeming the
/// last item at once cannot both get it: the stock never goes below zero. Every stock change is a ledger row on
/// <c>gift:{id}</c> (the delta and the stock after are in the row's data).
/// </summary>
[Alias("Loyalty.IGiftGrain")]
public interface IGiftGrain : IGrainWithStringKey
{
    [Alias("Define")]
    Task<GiftView> Define(DefineGift request);

    [Alias("Get")]
    Task<GiftView?> Get(GetGift request);

    /// <summary>Takes items out of stock for a redemption; <c>out_of_stock</c> when too few are left; idempotent per redemption id.</summary>
    [Alias("Reserve")]
    Task<GiftReservation> Reserve(ReserveGift request);

    /// <summary>Puts a redemption's items back; idempotent. Releasing an unknown redemption cancels it: a late Reserve with its id is refused.</summary>
    [Alias("Release")]
    Task<GiftReservation> Release(ReleaseGift request);

    [Alias("AdjustStock")]
    Task<GiftView> AdjustStock(AdjustGiftStock request);
}

[GrainType(StateTypes.Gift)]
public sealed class GiftGrain(
    [LedgeredState(StateTypes.Gift)] ILedgeredState<GiftState> state)
    : LedgeredGrain<GiftState>(state), IGiftGrain
{

    private string Account => CatalogAccounts.Gift(Key);

    public Task<GiftView> Define(DefineGift request)
    {
        if (!IsNew)
        {
            return State.Name == request.Name && State.PointsPrice == request.PointsPrice && State.OpeningStock == request.Stock
                && State.CouponTemplateId == request.CouponTemplateId
                ? Task.FromResult(View())
                : throw new DomainException(ErrorCodes.IdempotencyMismatch, $"Gift '{Key}' already exists with another definition.");
        }
        if (request.PointsPrice <= 0 || request.Stock < 0 || string.IsNullOrWhiteSpace(request.Name))
        {
            throw new DomainException(ErrorCodes.Validation, "A name, a positive points price and a non-negative stock are required.");
        }
        var now = Time.GetUtcNow();
        State.Name = request.Name;
        State.PointsPrice = request.PointsPrice;
        State.OpeningStock = request.Stock;
        State.CouponTemplateId = request.CouponTemplateId;
        State.Stock = request.Stock;
        State.CreatedAt = now;
        Record("define", "gift-define", now, request.Stock, null, request.By.KeyId, request.By.StoreId);
        return Task.FromResult(View());
    }

    public Task<GiftView?> Get(GetGift request) => Task.FromResult(IsNew ? null : View());

    public Task<GiftReservation> Reserve(ReserveGift request)
    {
        EnsureExists();
        if (string.IsNullOrEmpty(request.RedemptionId) || request.Quantity < 1)
        {
            throw new DomainException(ErrorCodes.Validation, "A redemption id and a quantity of at least 1 are required.");
        }
        if (State.Reservations.TryGetValue(request.RedemptionId, out var seen))
        {
            if (seen.Released && seen.Quantity == 0)
            {
                throw new DomainException(ErrorCodes.Conflict, "This redemption was cancelled before it reserved anything.");
            }
            return seen.Quantity == request.Quantity
                ? Task.FromResult(Reservation(request.RedemptionId, seen))
                : throw new DomainException(ErrorCodes.IdempotencyMismatch, "This redemption id was used with another quantity.");
        }
        if (State.Stock < request.Quantity)
        {
            throw new DomainException(CatalogErrorCodes.OutOfStock,
                $"Only {State.Stock} of '{State.Name}' in stock, {request.Quantity} asked.");
        }
        State.Stock -= request.Quantity;
        var reservation = new GiftReservationState { Quantity = request.Quantity, PointsPrice = State.PointsPrice };
        State.Reservations[request.RedemptionId] = reservation;
        Record($"reserve:{request.RedemptionId}", "gift-reserve", Time.GetUtcNow(), -request.Quantity, request.RedemptionId, null, null);
        return Task.FromResult(Reservation(request.RedemptionId, reservation));
    }

    public Task<GiftReservation> Release(ReleaseGift request)
    {
        EnsureExists();
        if (string.IsNullOrEmpty(request.RedemptionId))
        {
            throw new DomainException(ErrorCodes.Validation, "A redemption id is required.");
        }
        if (!State.Reservations.TryGetValue(request.RedemptionId, out var reservation))
        {
            // Compensation that overtook its reservation: remember it so the late reservation cannot take stock.
            reservation = new GiftReservationState { Quantity = 0, PointsPrice = State.PointsPrice, Released = true };
            State.Reservations[request.RedemptionId] = reservation;
            MarkChanged();
        }
        else if (!reservation.Released)
        {
            reservation.Released = true;
            State.Stock += reservation.Quantity;
            Record($"release:{request.RedemptionId}", "gift-release", Time.GetUtcNow(), reservation.Quantity, request.RedemptionId, null, null);
        }
        return Task.FromResult(Reservation(request.RedemptionId, reservation));
    }

    public Task<GiftView> AdjustStock(AdjustGiftStock request)
    {
        EnsureExists();
        if (State.Adjustments.TryGetValue(request.AdjustmentId, out var delta))
        {
            return delta == request.Delta
                ? Task.FromResult(View())
                : throw new DomainException(ErrorCodes.IdempotencyMismatch, "This adjustment id was used with another delta.");
        }
        if (request.Delta == 0)
        {
            throw new DomainException(ErrorCodes.Validation, "The stock change must not be zero.");
        }
        if (State.Stock + (long)request.Delta < 0)
        {
            throw new DomainException(CatalogErrorCodes.OutOfStock,
                $"Only {State.Stock} of '{State.Name}' in stock; cannot take away {-request.Delta}.");
        }
        if (State.Stock + (long)request.Delta > int.MaxValue)
        {
            throw new DomainException(ErrorCodes.Validation, "The stock would be too large.");
        }
        State.Stock += request.Delta;
        State.Adjustments[request.AdjustmentId] = request.Delta;
        Record($"stock:{request.AdjustmentId}", "gift-stock", Time.GetUtcNow(), request.Delta, null, request.By.KeyId, request.By.StoreId);
        return Task.FromResult(View());
    }

    private void Record(string operationId, string kind, DateTimeOffset at, int delta, string? redemptionId, string? by, string? storeId) =>
        AppendLedger(new LedgerRow(Account, operationId, kind, at, storeId,
            DataJson: JsonSerializer.Serialize(new GiftLedgerNote(delta, State.Stock, redemptionId, by), GrainJson.Default.GiftLedgerNote)));

    private void EnsureExists()
    {
        if (IsNew)
        {
            throw new DomainException(ErrorCodes.NotFound, $"No gift '{Key}' in the catalogue.");
        }
    }

    private GiftReservation Reservation(string redemptionId, GiftReservationState r) =>
        new(redemptionId, Key, r.Quantity, r.PointsPrice, r.Quantity * r.PointsPrice, r.Released, State.Stock);

    private GiftView View() => new(Key, State.Name, State.PointsPrice, State.Stock,
        State.Reservations.Values.Where(r => !r.Released).Sum(r => r.Quantity), State.CreatedAt, State.CouponTemplateId);
}
