using System.Text.Json;
using Loyalty.Domain;
using Loyalty.Grains.Cards;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Members;
using Loyalty.Grains.Program;
using Loyalty.Persistence;
using Loyalty.Persistence.Storage;

namespace Loyalty.Grains.Flows;

/// <summary>
/// Who a checkout is for, as the till named them (validated at the edge): a card, a member id, or a normalized phone
/// plus name.
/// </summary>
public sealed record CheckoutTarget(string? CardNumber, string? MemberId, string? Phone, string? Name);

/// <summary>
/// The receipt; or, when <see cref="Receipt"/> is null, the refusal code of a repeated id (<c>operation_id_taken</c>,
/// <c>idempotency_mismatch</c>), or nothing at all: no member has this phone and name.
/// </summary>
public sealed record CheckoutOutcome(Receipt? Receipt, string? RefusalCode = null);

/// <summary>
/// A checkout around the member grain: which grain takes it (the card for stored value, else straight to the member),
/// automatic joining of an unknown buyer, the stored answer of an old repeat, and the referral reward after a committed
/// checkout. A grain cannot do these: the card → member order forbids a member finding its card, and registering a new
/// member or crediting a referrer are calls between members.
/// </summary>
public sealed class CheckoutFlow(IGrainFactory grains, ILedgerStore storage, IProgramProvider programs)
{
    public async Task<CheckoutOutcome> CheckoutAsync(CheckoutTarget target, MemberCheckout request, Actor by)
    {
        try
        {
            var receipt = await Dispatch(target, request);
            if (receipt is null && !request.QuoteOnly && await AutoJoinAsync(target, request, by) is { } joined)
            {
                receipt = await grains.GetGrain<IMemberGrain>(joined).Checkout(request);
            }
            return new CheckoutOutcome(receipt);
        }
        catch (DuplicateOperationException) when (!request.QuoteOnly)
        {
            // The last defence: the id is already recorded (an old repeat, or another member's checkout).
            return await StoredReceipt(request);
        }
    }

    private async Task<Receipt?> Dispatch(CheckoutTarget target, MemberCheckout request)
    {
        if (target.CardNumber is not null)
        {
            var card = grains.GetGrain<ICardGrain>(target.CardNumber);
            if (request.StoredValueAmount > 0)
            {
                // Stored value is charged by the card, one checkout at a time per card.
                return await card.Checkout(request);
            }
            // Without stored value the card only vouches for its member: read it and go straight to the member,
            // so a busy card does not serialise its checkouts on one commit each (the member re-checks the card).
            var view = await card.Get(new GetCard()) ?? throw new DomainException(ErrorCodes.NotFound, "Card not found.");
            CardGrain.EnsureUsable(view.Status);
            return await grains.GetGrain<IMemberGrain>(view.MemberId).Checkout(
                request with { CardNumber = view.CardNumber, CorporateCard = view.Type == CardTypes.Corporate });
        }
        var memberId = target.MemberId ?? (await MemberLookup.FindByPhoneAndName(grains, target.Phone!, target.Name!))?.MemberId;
        return memberId is null ? null : await grains.GetGrain<IMemberGrain>(memberId).Checkout(request);
    }

    /// <summary>
    /// Automatic joining (入会): an unknown phone + name whose basket subtotal reaches <c>AutoJoinThreshold</c> is
    /// registered (home store = the checkout's store) so the checkout runs as a member. Answers the new member id, or
    /// null when the rule does not apply. A retry finds the member by phone + name, so it never registers twice.
    /// </summary>
    private async Task<string?> AutoJoinAsync(CheckoutTarget target, MemberCheckout request, Actor by)
    {
        if (programs.Current.AutoJoinThreshold is not { } threshold || target.Phone is not { } phone || target.Name is null)
        {
            return null;
        }
        var subtotal = request.Lines.Sum(l => Money.Round(l.Quantity * l.UnitPrice));
        if (subtotal < threshold)
        {
            return null;
        }
        var memberId = NewIds.Member();
        var phoneIndex = grains.GetGrain<IPhoneIndexGrain>(PhoneIndexGrain.KeyFor(phone));
        if ((await phoneIndex.Claim(new ClaimPhone(memberId))).MemberId != memberId)
        {
            // The phone belongs to a member with another name: not ours to register.
            return null;
        }
        try
        {
            await grains.GetGrain<IMemberGrain>(memberId).Register(new RegisterMember(
                memberId, target.Name.Trim(), phone, null, null, request.StoreId, null, by with { KeyId = $"auto-join:{by.KeyId}" }));
            return memberId;
        }
        catch
        {
            await phoneIndex.Release(new ReleasePhone(memberId));
            throw;
        }
    }

    private async Task<CheckoutOutcome> StoredReceipt(MemberCheckout request)
    {
        var document = await storage.ReadDocumentAsync(Documents.Checkouts, request.CheckoutId);
        if (document is null)
        {
            // The id is taken on this member's ledger by another kind of operation (a points operation), not by a checkout.
            return new CheckoutOutcome(null, ErrorCodes.OperationIdTaken);
        }
        var record = JsonSerializer.Deserialize(document.BodyJson, GrainJson.Default.CheckoutRecord)!;
        return record.RequestHash == request.RequestHash
            ? new CheckoutOutcome(record.Receipt)
            : new CheckoutOutcome(null, ErrorCodes.IdempotencyMismatch);
    }

    /// <summary>
    /// After a committed checkout: when the member was referred and the referrer was not credited yet, the referrer
    /// earns the referral points (idempotent per <c>referral:{memberId}</c>). Answers null when done or not due, or the
    /// reason it was deferred (referrer frozen, a conflict): it is retried after the member's next purchase, and the
    /// receipt is answered regardless.
    /// </summary>
    public async Task<string?> RewardReferralAsync(Receipt receipt, Actor by)
    {
        if (!receipt.ReferralPending)
        {
            return null;
        }
        try
        {
            var member = grains.GetGrain<IMemberGrain>(receipt.MemberId);
            var info = await member.Referral(new GetReferral());
            if (info.ReferrerMemberId is not { } referrer || info.Credited)
            {
                return null;
            }
            var referralId = $"referral:{receipt.MemberId}";
            try
            {
                await grains.GetGrain<IMemberGrain>(referrer).CreditReferral(new CreditReferral(referralId, receipt.MemberId, by));
            }
            catch (DuplicateOperationException)
            {
                // Credited before; only the mark on the member was missing.
            }
            await member.MarkReferralCredited(new MarkReferralCredited(referralId));
            return null;
        }
        catch (Exception exception) when (exception is DomainException or GrainConflictException or DuplicateOperationException)
        {
            return exception.GetType().Name;
        }
    }
}
