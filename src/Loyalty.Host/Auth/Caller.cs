using System.Security.Claims;
using Loyalty.Grains.Contracts;

namespace Loyalty.Host.Auth;

/// <summary>The authenticated caller as the endpoints need it: role, store, and what they may do.</summary>
public sealed record Caller(string Role, string? StoreId, string KeyId)
{
    public static Caller From(ClaimsPrincipal user) => new(
        user.FindFirstValue(ClaimTypes.Role) ?? "",
        user.FindFirstValue(Roles.StoreClaim),
        user.FindFirstValue(Roles.KeyIdClaim) ?? "");

    public bool IsAdmin => Role == Roles.Admin;

    public bool IsManagerOrAdmin => Role is Roles.Manager or Roles.Admin;

    /// <summary>Only managers and admins read full phone numbers (保密).</summary>
    public bool SeesFullPhone => IsManagerOrAdmin;

    /// <summary>Clerks and managers act only for their own store; admins for any.</summary>
    public bool MayActFor(string? storeId) => IsAdmin || (storeId is not null && storeId == StoreId);

    /// <summary>
    /// The store boundary (one rule everywhere): clerks and managers act on the members, cards and households of their
    /// own store — the member's home store — and admins on any. A member without a home store is the chain's: admins only.
    /// Checkout is the exception: any member may buy at any store (<see cref="MayActFor"/> on the checkout's store).
    /// </summary>
    public bool Serves(MemberView member) => IsAdmin || (StoreId is not null && member.HomeStoreId == StoreId);

    public Actor AsActor() => new(Role, StoreId, KeyId);
}
