namespace Loyalty.Grains.Contracts;

/// <summary>Outcomes of a PIN check.</summary>
public static class PinResults
{
    public const string Ok = "ok";
    public const string Wrong = "wrong";
    public const string Locked = "locked";

    /// <summary>The member has no PIN: nothing to check.</summary>
    public const string NotSet = "notSet";
}

/// <summary>Sets the member's PIN (a hash made by the caller). Changing an existing PIN needs the current one unless <c>Reset</c>.</summary>
[GenerateSerializer, Immutable, Alias("Loyalty.SetMemberPin")]
public sealed record SetMemberPin(string? PinHash, string? CurrentPin, bool Reset, Actor By);

/// <summary>
/// Checks a PIN. Never throws for a wrong PIN: the failure count must be committed (a refused call is rolled back), so the
/// caller reads the result and refuses the operation itself.
/// </summary>
[GenerateSerializer, Immutable, Alias("Loyalty.VerifyMemberPin")]
public sealed record VerifyMemberPin(string? Pin);

[GenerateSerializer, Alias("Loyalty.PinCheck")]
public sealed record PinCheck(string Result, int AttemptsLeft);

/// <summary>Whether a member has a PIN and whether it is locked (never the PIN or its hash).</summary>
[GenerateSerializer, Alias("Loyalty.PinStatus")]
public sealed record PinStatus(bool IsSet, bool Locked, int FailedAttempts);
