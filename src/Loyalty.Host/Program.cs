using Loyalty.Host.Apis;
using Loyalty.Host.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.AddLoyaltyEngine();
builder.AddLoyaltyCatalog();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();

app.MapOpenApi();
app.MapHealthEndpoints();
app.MapMemberApi();
app.MapCardApi();
app.MapCheckoutApi();
app.MapProgramApi();
app.MapPromotionApi();
app.MapCouponTemplateApi();
app.MapGiftCatalogApi();
app.MapReportApi();

app.Run();

/// <summary>Entry point; public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
