namespace Loyalty.Domain;

/// <summary>A rule of the program was broken; <see cref="Code"/> is the API error code (e.g. <c>points_cap_exceeded</c>).</summary>
/// <remarks>
/// The code is a stable string rather than an enum because it travels unchanged into
/// ProblemDetails responses, and other parts of the engine add their own codes.
/// </remarks>
public sealed class DomainException(string code, string message) : Exception(message)
{
    /// <summary>Machine-readable error code used by API clients.</summary>
    public string Code { get; } = code;

    public const string Validation = "validation";
    public const string NotFound = "not_found";
    public const string PointsStep = "points_step";
    public const string PointsCapExceeded = "points_cap_exceeded";
    public const string StoredValueExceedsDue = "stored_value_exceeds_due";
    /// <summary>The program allows one benefit per checkout (<c>NoStacking</c>) and the request asked for two.</summary>
    public const string StackingForbidden = "stacking_forbidden";
}
