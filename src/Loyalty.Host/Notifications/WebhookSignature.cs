using System.Security.Cryptography;
using System.Text;

namespace Loyalty.Host.Notifications;

/// <summary>The <c>X-Loyalty-Signature</c> header: <c>sha256=</c> + hex HMAC-SHA256 of the exact body bytes with the receiver's secret.</summary>
public static class WebhookSignature
{
    public const string Header = "X-Loyalty-Signature";
    public const string EventIdHeader = "X-Loyalty-Event-Id";
    public const string AttemptHeader = "X-Loyalty-Attempt";

    public static string Sign(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>Constant-time check, as a receiver should do it.</summary>
    public static bool Verify(string secret, byte[] body, string? header) =>
        header is not null && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Sign(secret, body)), Encoding.ASCII.GetBytes(header));
}
