namespace Loyalty.Grains;

/// <summary>The stable error codes of api.md, shared by grains and the HTTP edge.</summary>
public static class ErrorCodes
{
    public const string Validation = "validation";
    public const string NotFound = "not_found";
    public const string CardLost = "card_lost";
    public const string CardReplaced = "card_replaced";
    public const string MemberFrozen = "member_frozen";
    public const string MemberCancelled = "member_cancelled";
    public const string InsufficientPoints = Domain.Points.PointsWallet.InsufficientPoints;
    public const string PointsCapExceeded = "points_cap_exceeded";
    public const string InsufficientStoredValue = "insufficient_stored_value";
    public const string CouponInvalid = Domain.Coupons.CouponPurse.CouponInvalid;
    public const string HouseholdLimit = "household_limit";
    public const string IdempotencyMismatch = "idempotency_mismatch";
    /// <summary>Retryable: another change won the race, or a step is still being recorded; the same request may succeed.</summary>
    public const string Conflict = "conflict";

    /// <summary>The phone number belongs to another member (409; not retryable: one phone, one member).</summary>
    public const string PhoneTaken = "phone_taken";

    /// <summary>The card number is held by another card (409; not retryable: choose another number).</summary>
    public const string CardNumberTaken = "card_number_taken";

    /// <summary>The operation id was already used for another kind of operation on this account (409; not retryable).</summary>
    public const string OperationIdTaken = "operation_id_taken";

    /// <summary>The member already belongs to a household (this one or another; 409, not retryable until they leave).</summary>
    public const string AlreadyInHousehold = "already_in_household";

    /// <summary>Too many requests for this API key (429 with Retry-After).</summary>
    public const string RateLimited = "rate_limited";

    /// <summary>The cluster could not answer right now (503 with Retry-After; retry the same request).</summary>
    public const string Unavailable = "unavailable";

    /// <summary>The giver's daily transfer limit (ProgramSettings.DailyTransferLimit) would be exceeded.</summary>
    public const string TransferLimit = Domain.Points.TransferLimit.Exceeded;

    /// <summary>Gifts cannot be redeemed this month (ProgramSettings.RedemptionMonths).</summary>
    public const string RedemptionClosed = "redemption_closed";

    /// <summary>The program allows one benefit per checkout (ProgramSettings.NoStacking): a coupon and points payment together.</summary>
    public const string StackingForbidden = Domain.DomainException.StackingForbidden;

    /// <summary>The birthday was changed too recently (ProgramSettings.BirthdayChangeMonths; 409, not retryable).</summary>
    public const string BirthdayChangeLimited = "birthday_change_limited";

    /// <summary>The approval request was already decided (or is being carried out); 409, not retryable.</summary>
    public const string ApprovalDecided = "approval_decided";

    /// <summary>The replacement window after the loss report has passed (ProgramSettings.ReplacementWindowDays; 409, not retryable).</summary>
    public const string ReplacementWindowClosed = "replacement_window_closed";

    /// <summary>The program asks for the member's PIN here (X-Member-Pin header) and none was sent (409).</summary>
    public const string PinRequired = "pin_required";

    /// <summary>The PIN is wrong (409; the problem says how many attempts are left).</summary>
    public const string PinInvalid = "pin_invalid";

    /// <summary>The PIN is locked after repeated wrong PINs; a manager resets it (409, not retryable).</summary>
    public const string PinLocked = "pin_locked";

    /// <summary>The gift catalogue could not reserve the stock; the points were given back.</summary>
    public const string OutOfStock = "out_of_stock";
}

/// <summary>Ledger account names: one per balance holder.</summary>
public static class LedgerAccounts
{
    public static string Member(string memberId) => $"member:{memberId}";

    public static string Card(string cardNumber) => $"card:{cardNumber}";

    public static string Household(string householdId) => $"household:{householdId}";
}

/// <summary>Document collections written with grain commits.</summary>
public static class Documents
{
    public const string Checkouts = "checkouts";

    /// <summary>Notifications written with the change that caused them (see Notifications/Notification.cs).</summary>
    public const string Outbox = "outbox";

    public const string Refunds = "refunds";

    /// <summary>A card's top-up and its first answer, id = top-up id: any later repeat answers the same.</summary>
    public const string TopUps = "top-ups";

    /// <summary>A card's stored-value charge for a checkout, id = checkout id: a repeat charges nothing again.</summary>
    public const string StoredValueCharges = "stored-value-charges";

    /// <summary>Non-checkout points operations (transfers, adjustments, earning, redemptions), id <c>{memberId}/{operationId}</c>.</summary>
    public const string PointsOperations = "points-operations";

    /// <summary>What a merged duplicate handed over, id = merge id.</summary>
    public const string Merges = "merges";
}

/// <summary>Who did what, kept in a ledger row's data.</summary>
public sealed record LedgerNote(string Note, string By);

public sealed record CheckoutLedgerNote(
    long PointsEarned, long PointsRedeemed, decimal AmountDue, string? CardNumber, int ProgramVersion,
    long PaidToDebt = 0, string? CouponCode = null, decimal CouponDiscount = 0, decimal StoredValueCharged = 0, string? HouseholdId = null);

public sealed record TierLedgerNote(string From, string To, string Reason);

public sealed record CardLedgerNote(string Note, string By, decimal? Fee = null, string? OtherCard = null, string? FeePaidWith = null);
