using System.Security.Claims;
using System.Text.Json;
using Loyalty.Domain;
using Loyalty.Grains;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Program;
using Loyalty.Host.Auth;
using Loyalty.Host.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loyalty.Host.Apis;

/// <summary>The program settings (会员管理制度 numbers): read (manager, admin), replace (admin), history.</summary>
public static class ProgramApi
{
    private const int MaxBodyChars = 256 * 1024;

    public static RouteGroupBuilder MapProgramApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/program").RequireAuthorization().WithTags("Program");
        group.MapGet("/", GetProgram).WithName(nameof(GetProgram));
        group.MapPut("/", PutProgram).WithName(nameof(PutProgram)).Errors(ErrorCodes.Validation, ErrorCodes.Conflict).Accepts<ProgramSettings>("application/json");
        group.MapGet("/history", GetProgramHistory).WithName(nameof(GetProgramHistory));
        return group;
    }

    public static async Task<Results<JsonHttpResult<ProgramSettings>, ProblemHttpResult>> GetProgram(
        ClaimsPrincipal user, CatalogRefresher refresher)
    {
        if (!Caller.From(user).IsManagerOrAdmin)
        {
            return Problems.Forbidden("Only managers and admins read the program settings.");
        }
        var snapshot = await refresher.ProgramAsync();
        return TypedResults.Json(ProgramUpdates.SettingsOf(snapshot), ProgramJson.Default.ProgramSettings);
    }

    public static async Task<Results<Ok<IReadOnlyList<ProgramChangeView>>, ProblemHttpResult>> GetProgramHistory(
        ClaimsPrincipal user, CatalogRefresher refresher)
    {
        if (!Caller.From(user).IsManagerOrAdmin)
        {
            return Problems.Forbidden("Only managers and admins read the program settings.");
        }
        return TypedResults.Ok((await refresher.ProgramAsync()).History);
    }

    /// <summary>
    /// Replaces the whole program. Fields left out take the default program's values; <c>version</c> is required and
    /// must be the version in force (409 <c>conflict</c> otherwise, so two admins cannot overwrite each other unknowingly).
    /// The accepted settings become version + 1 and apply to every checkout after the answer.
    /// </summary>
    public static async Task<Results<JsonHttpResult<ProgramSettings>, ValidationProblem, ProblemHttpResult>> PutProgram(
        HttpRequest request, ClaimsPrincipal user, IGrainFactory grains, CatalogRefresher refresher)
    {
        var caller = Caller.From(user);
        if (!caller.IsAdmin)
        {
            return Problems.Forbidden("Only admins change the program settings.");
        }
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        var validation = new Validation();
        ProgramSettings? settings = null;
        int? expectedVersion = null;
        if (string.IsNullOrWhiteSpace(body) || body.Length > MaxBodyChars)
        {
            validation.Add("body", "The program settings as a JSON object are required.");
        }
        else
        {
            try
            {
                using (var document = JsonDocument.Parse(body))
                {
                    if (document.RootElement.ValueKind != JsonValueKind.Object)
                    {
                        throw new JsonException("The program settings must be a JSON object.");
                    }
                    if (document.RootElement.TryGetProperty("version", out var version) && version.ValueKind != JsonValueKind.Null)
                    {
                        if (version.ValueKind == JsonValueKind.Number && version.TryGetInt32(out var v) && v >= 1)
                        {
                            expectedVersion = v;
                        }
                        else
                        {
                            validation.Add("version", "A whole number: the version in force, as GET /api/v1/program answers it.");
                        }
                    }
                    else
                    {
                        // Without the version a PUT of {} (or of an old copy) would silently replace the program in force.
                        validation.Add("version", "Required: the version in force, as GET /api/v1/program answers it.");
                    }
                }
                settings = ProgramJson.Deserialize(body);
            }
            catch (JsonException e)
            {
                var (field, message) = JsonErrors.Describe(e);
                validation.Add(field, message);
            }
        }
        if (settings is not null)
        {
            CheckEntries(settings, validation);
            if (validation.IsValid)
            {
                foreach (var error in settings.Validate())
                {
                    validation.Add(error.Field, error.Message);
                }
            }
        }
        if (!validation.IsValid)
        {
            return Problems.Validation(validation.Errors);
        }
        var snapshot = await grains.GetGrain<IProgramGrain>(ProgramGrain.DefaultKey).Update(new UpdateProgram(
            ProgramJson.Serialize(settings!), expectedVersion, caller.AsActor()));
        // In force on every host of the cluster before the answer.
        var current = await refresher.ProgramChangedAsync(snapshot);
        return TypedResults.Json(current.Version == snapshot.Version ? current : ProgramUpdates.SettingsOf(snapshot),
            ProgramJson.Default.ProgramSettings);
    }

    /// <summary>Null entries inside lists (which the validator does not expect) are reported per field.</summary>
    private static void CheckEntries(ProgramSettings settings, Validation validation)
    {
        for (var i = 0; i < (settings.Tiers?.Count ?? 0); i++)
        {
            if (settings.Tiers![i] is null)
            {
                validation.Add($"tiers[{i}]", "A tier is required.");
            }
            else if (string.IsNullOrWhiteSpace(settings.Tiers[i].ChineseName))
            {
                validation.Add($"tiers[{i}].chineseName", "Required.");
            }
        }
        NoNullEntries(settings.TopUpBands, "topUpBands", "A band is required.", validation);
        NoNullEntries(settings.DepositTiers, "depositTiers", "A deposit rule is required.", validation);
        NoNullEntries(settings.BalanceTiers, "balanceTiers", "A balance rule is required.", validation);
        NoNullEntries(settings.Benefits, "benefits", "A benefit is required.", validation);
        NoNullEntries(settings.CardTypesNeedingApproval, "cardTypesNeedingApproval", "A card type is required.", validation);
        NoNullEntries(settings.ExcludedCategories, "excludedCategories", "A category is required.", validation);
        if (settings.TimeZone is null)
        {
            validation.Add("timeZone", "Required.");
        }
    }

    private static void NoNullEntries<T>(IReadOnlyList<T?>? list, string field, string message, Validation validation) where T : class
    {
        for (var i = 0; i < (list?.Count ?? 0); i++)
        {
            if (list![i] is null)
            {
                validation.Add($"{field}[{i}]", message);
            }
        }
    }

}
