using System.Text.Json;
using Loyalty.Domain;
using Loyalty.Grains.Contracts;
using Loyalty.Persistence.Storage;

namespace Loyalty.Grains.Members;

/// <summary>The member's PIN (密码): set, checked with a lockout after repeated wrong PINs, reset by a manager.</summary>
public sealed partial class MemberGrain
{
    public Task<PinCheck> SetPin(SetMemberPin request)
    {
        EnsureExists();
        var program = programs.Current;
        if (!request.Reset && State.PinHash is { } existing)
        {
            if (State.PinLocked)
            {
                throw new DomainException(ErrorCodes.PinLocked, "The PIN is locked after repeated wrong PINs; a manager resets it.");
            }
            if (request.CurrentPin is null || !PinHasher.Matches(request.CurrentPin, existing))
            {
                // A wrong current PIN counts like any wrong PIN; answered, not thrown, so the count is kept.
                return Task.FromResult(Fail(program));
            }
        }
        var now = Time.GetUtcNow();
        State.PinHash = request.PinHash;
        State.PinFailures = 0;
        State.PinLocked = false;
        var what = request.Reset ? (request.PinHash is null ? "PIN reset (cleared)" : "PIN reset") : "PIN set";
        AppendLedger(new LedgerRow(Account, $"pin:{Guid.NewGuid():N}", "pin", now, request.By.StoreId,
            PointsAfter: State.Points,
            DataJson: JsonSerializer.Serialize(new LedgerNote(what, request.By.KeyId), GrainJson.Default.LedgerNote)));
        return Task.FromResult(new PinCheck(PinResults.Ok, program.PinMaxAttempts));
    }

    public Task<PinCheck> VerifyPin(VerifyMemberPin request)
    {
        EnsureExists();
        var program = programs.Current;
        if (State.PinHash is not { } stored)
        {
            return Task.FromResult(new PinCheck(PinResults.NotSet, program.PinMaxAttempts));
        }
        if (State.PinLocked)
        {
            return Task.FromResult(new PinCheck(PinResults.Locked, 0));
        }
        if (request.Pin is not null && PinHasher.Matches(request.Pin, stored))
        {
            if (State.PinFailures > 0)
            {
                State.PinFailures = 0;
                MarkChanged();
            }
            return Task.FromResult(new PinCheck(PinResults.Ok, program.PinMaxAttempts));
        }
        return Task.FromResult(Fail(program));
    }

    public Task<PinStatus> Pin(GetMember request)
    {
        EnsureExists();
        return Task.FromResult(new PinStatus(State.PinHash is not null, State.PinLocked, State.PinFailures));
    }

    private PinCheck Fail(ProgramSettings program)
    {
        State.PinFailures++;
        if (State.PinFailures >= program.PinMaxAttempts)
        {
            State.PinLocked = true;
            var now = Time.GetUtcNow();
            AppendLedger(new LedgerRow(Account, $"pin-locked:{Guid.NewGuid():N}", "pin", now, null,
                PointsAfter: State.Points,
                DataJson: JsonSerializer.Serialize(new LedgerNote($"PIN locked after {State.PinFailures} wrong PINs", "system"), GrainJson.Default.LedgerNote)));
            return new PinCheck(PinResults.Locked, 0);
        }
        MarkChanged();
        return new PinCheck(PinResults.Wrong, program.PinMaxAttempts - State.PinFailures);
    }
}
