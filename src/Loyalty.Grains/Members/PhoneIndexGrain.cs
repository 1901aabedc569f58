using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization.Metadata;
using Loyalty.Grains.Contracts;
using Loyalty.Runtime;

namespace Loyalty.Grains.Members;

public sealed class PhoneIndexState
{
    public string? MemberId { get; set; }
}

/// <summary>
/// Keeps phone numbers unique across members. The grain key is a hash of the phone, so the number never
/// appears in grain ids, error messages or logs.
/// </summary>
public sealed class PhoneIndexGrain : Grain<PhoneIndexState>, IPhoneIndexGrain
{
    protected override JsonTypeInfo<PhoneIndexState> StateJson => GrainJson.Default.PhoneIndexState;

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
