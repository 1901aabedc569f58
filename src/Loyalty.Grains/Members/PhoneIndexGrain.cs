using Loyalty.Persistence.Storage;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization.Metadata;
using Loyalty.Grains.Contracts;
using Loyalty.Persistence;

namespace Loyalty.Grains.Members;

public sealed class PhoneIndexState : ILedgeredRecord<PhoneIndexState>
{
    public static JsonTypeInfo<PhoneIndexState> JsonInfo => GrainJson.Default.PhoneIndexState;

    /// <summary>Report columns stored beside the state.</summary>
    public GrainSummary Summarize() => new();

    public string? MemberId { get; set; }
}

/// <summary>
/// Keeps phone numbers unique across members. The grain key is a hash of the phone, so the number never
/// appears in grain ids, error messages or logs.
/// </summary>
[GrainType(StateTypes.Phone)]
public sealed class PhoneIndexGrain(
    [LedgeredState(StateTypes.Phone)] ILedgeredState<PhoneIndexState> state)
    : LedgeredGrain<PhoneIndexState>(state), IPhoneIndexGrain
{

    /// <summary>The grain key for a phone number (digits only, SHA-256, hex).</summary>
    public static string KeyFor(string phone)
    {
        var digits = new string(phone.Where(char.IsAsciiDigit).ToArray());
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(digits)))[..32];
    }

    public Task<PhoneOwner> Claim(ClaimPhone request)
    {
        if (State.MemberId is null)
        {
            State.MemberId = request.MemberId;
            MarkChanged();
        }
        return Task.FromResult(new PhoneOwner(State.MemberId));
    }

    public Task<PhoneOwner> Release(ReleasePhone request)
    {
        if (State.MemberId == request.MemberId)
        {
            State.MemberId = null;
            MarkChanged();
        }
        return Task.FromResult(new PhoneOwner(State.MemberId));
    }

    public Task<PhoneOwner> Owner(GetMember request) => Task.FromResult(new PhoneOwner(State.MemberId));
}
