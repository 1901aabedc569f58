using Loyalty.Host.Apis;
using Loyalty.Host.Cluster;
using Loyalty.Host.Infrastructure;
using Loyalty.Host.Live;

var builder = WebApplication.CreateBuilder(args);
if (StartupChecks.Refusal(builder.Configuration, builder.Environment) is { } refusal)
{
    Console.Error.WriteLine($"Loyalty host not started: {refusal}");
    return 1;
}
builder.AddLoyaltyEngine();
builder.AddLoyaltyDashboards();
builder.AddLoyaltyExtras();
builder.AddLoyaltyCatalog();
builder.AddLoyaltyRateLimiting();
builder.AddLoyaltyTelemetry();

var app = builder.Build();
StartupAhead.Begin(app);
if (await StartupChecks.PrepareDatabaseAsync(app) is { } failure)
{
    Console.Error.WriteLine($"Loyalty host not started: {failure}");
    return 1;
}
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseStaticFiles();
app.UseAuthentication();
app.UseLoyaltyRateLimiting();
app.UseAuthorization();

app.MapOpenApi();
app.MapMetrics();
app.MapDashboards();
app.MapOrleansDashboardForAdmins();
app.MapHealthEndpoints();
app.MapMemberApi();
app.MapMemberProfileApi();
app.MapMemberPinApi();
app.MapCardApi();
app.MapApprovalApi();
app.MapCheckoutApi();
app.MapRefundApi();
app.MapImportApi();
app.MapHouseholdApi();
app.MapJobApi();
app.MapNotificationApi();
app.MapMemberPointsApi();
app.MapMemberAdminApi();
app.MapLeaderboardApi();
app.MapProgramApi();
app.MapPromotionApi();
app.MapMemberPriceApi();
app.MapCouponTemplateApi();
app.MapGiftCatalogApi();
app.MapReportApi();
app.MapMemberCouponApi();
app.MapMemberBenefitApi();
app.MapOutreachApi();

app.Run();
return 0;

/// <summary>Entry point; public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
