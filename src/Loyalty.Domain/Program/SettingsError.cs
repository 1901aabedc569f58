namespace Loyalty.Domain;

/// <summary>One problem found by <see cref="ProgramSettings.Validate"/>; <see cref="Field"/> is a camelCase JSON path such as <c>tiers[1].qualifyingSpend</c>.</summary>
public sealed record SettingsError(string Field, string Message);
