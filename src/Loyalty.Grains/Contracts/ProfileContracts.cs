namespace Loyalty.Grains.Contracts;

/// <summary>Channels a member agrees to be contacted on (care notifications and marketing).</summary>
[GenerateSerializer, Alias("Loyalty.ContactPreferencesView")]
public sealed record ContactPreferencesView(bool Sms, bool Email, bool App);

/// <summary>
/// A profile change: only the fields given change; an empty address or email clears it. The phone index was
/// already claimed for the new phone by the caller; the answer names the phone it replaced so the caller releases it.
/// </summary>
[GenerateSerializer, Immutable, Alias("Loyalty.UpdateProfile")]
public sealed record UpdateProfile(
    string? Name,
    string? Phone,
    DateOnly? Birthday,
    string? Gender,
    string? Address,
    string? Email,
    ContactPreferencesView? ContactPreferences,
    Actor By);

/// <summary>The member after a profile change, and the phone number it gave up (null when the phone stayed).</summary>
[GenerateSerializer, Alias("Loyalty.ProfileUpdated")]
public sealed record ProfileUpdated(MemberView Member, string? ReplacedPhone);

/// <summary>One audited profile change: which field, from what to what, who and when.</summary>
[GenerateSerializer, Alias("Loyalty.ProfileChangeView")]
public sealed record ProfileChangeView(string Field, string? From, string? To, string By, DateTimeOffset At);

[GenerateSerializer, Immutable, Alias("Loyalty.GetProfileChanges")]
public sealed record GetProfileChanges;

[GenerateSerializer, Alias("Loyalty.ProfileChangeList")]
public sealed record ProfileChangeList(string MemberId, IReadOnlyList<ProfileChangeView> Changes);

/// <summary>A member leaves at their own request (cancelled, recorded as the member's own decision).</summary>
[GenerateSerializer, Immutable, Alias("Loyalty.LeaveProgram")]
public sealed record LeaveProgram(string? Note, Actor By);

/// <summary>Ledger data of a profile change: the fields changed, never their values (the ledger is widely read).</summary>
[GenerateSerializer, Alias("Loyalty.ProfileLedgerNote")]
public sealed record ProfileLedgerNote(IReadOnlyList<string> Fields, string By);
