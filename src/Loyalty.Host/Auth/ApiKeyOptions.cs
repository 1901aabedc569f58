namespace Loyalty.Host.Auth;

/// <summary>One configured API key: its role and, for clerks and managers, their store.</summary>
public sealed class ApiKeyEntry
{
    public string Role { get; set; } = "";

    public string? Store { get; set; }
}

/// <summary>API keys (section <c>Loyalty:ApiKeys</c>): key → role and store.</summary>
public sealed class ApiKeyOptions
{
    public Dictionary<string, ApiKeyEntry> ApiKeys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The well-known keys of the development run (README).</summary>
    public static readonly IReadOnlyDictionary<string, ApiKeyEntry> Development = new Dictionary<string, ApiKeyEntry>
    {
        ["dev-admin"] = new() { Role = Roles.Admin },
        ["dev-manager-S001"] = new() { Role = Roles.Manager, Store = "S001" },
        ["dev-clerk-S001"] = new() { Role = Roles.Clerk, Store = "S001" },
        ["dev-manager-S002"] = new() { Role = Roles.Manager, Store = "S002" },
        ["dev-clerk-S002"] = new() { Role = Roles.Clerk, Store = "S002" },
    };
}

/// <summary>Roles of api.md: clerk and manager act for one store, admin for the chain.</summary>
public static class Roles
{
    public const string Clerk = "clerk";
    public const string Manager = "manager";
    public const string Admin = "admin";

    public const string StoreClaim = "loyalty:store";
    public const string KeyIdClaim = "loyalty:key";
}
