using Loyalty.Host.Apis;
using Loyalty.Host.Cluster;
using Loyalty.Host.Infrastructure;
using Loyalty.Host.Live;

var builder = WebApplication.CreateBuilder(args);
builder.AddLoyaltyEngine();
builder.AddLoyaltyDashboards();
builder.AddLoyaltyExtras();
builder.AddLoyaltyCatalog();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseStaticFiles();
app.UseAuthentication();
app.UseAuthorization();

app.MapOpenApi();
app.MapDashboards();
app.MapOrleansDashboardForAdmins();
app.MapHealthEndpoints();
app.MapMemberApi();
app.MapCardApi();
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
app.MapCouponTemplateApi();
app.MapGiftCatalogApi();
app.MapReportApi();
app.MapMemberCouponApi();

app.Run();

/// <summary>Entry point; public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
