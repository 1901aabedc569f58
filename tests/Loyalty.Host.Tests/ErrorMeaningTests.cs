using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json.Nodes;
using Loyalty.Host.Infrastructure;
using Loyalty.Host.Tests.Support;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static Loyalty.Host.Tests.Support.Api;

namespace Loyalty.Host.Tests;

/// <summary>
/// Errors that mean what they say (issue 14, items 9 and 12, and the cluster's transport errors): <c>conflict</c> only
/// where a retry can succeed, final refusals with their own codes, documented per endpoint in the OpenAPI document.
/// </summary>
public sealed class ErrorMeaningTests(SharedApp shared) : IClassFixture<SharedApp>, IAsyncLifetime
{
    private readonly LoyaltyApp _app = shared.App;
    private string _member = "";
    private string _card = "";

    public async Task InitializeAsync() => (_member, _card) = await _app.Clerk.MemberWithCard(birthday: "1990-01-01");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_card_number_in_use_is_card_number_taken()
    {
        var other = await _app.Clerk.NewMemberIdAt("S001");

        await (await _app.Clerk.PostAsJsonAsync("/api/v1/cards", new { memberId = other, cardNumber = _card })).Problem(HttpStatusCode.Conflict, "card_number_taken");
        var second = (await _app.Clerk.IssueCard(other)).Str("cardNumber");
        await (await _app.Clerk.PostAsJsonAsync($"/api/v1/cards/{second}/replace", new { newCardNumber = _card })).Problem(HttpStatusCode.Conflict, "card_number_taken");
    }

    [Fact]
    public async Task An_operation_id_used_by_another_operation_is_operation_id_taken()
    {
        await _app.Clerk.CheckoutOk(Basket("op-1", _card, Line("A", 1, 100m)));
        // Past the member's recent ids (32), so the id is caught by the ledger, not by the grain's memory.
        for (var i = 0; i < 32; i++)
        {
            await _app.Clerk.CheckoutOk(Basket($"fill-{i}", _card, Line("A", 1, 10m)));
        }
        var before = (await _app.Clerk.Member(_member)).Available();

        await (await _app.Manager.Adjust(_member, "op-1", 10)).Problem(HttpStatusCode.Conflict, "operation_id_taken");
        Assert.Equal(before, (await _app.Clerk.Member(_member)).Available());
    }

    [Fact]
    public async Task A_member_already_in_a_household_is_already_in_household()
    {
        var first = (await (await _app.Manager.PostAsJsonAsync("/api/v1/households", new { primaryMemberId = _member })).Json(HttpStatusCode.Created)).Str("householdId");
        var other = await _app.Clerk.NewMemberIdAt("S001");
        var second = (await (await _app.Manager.PostAsJsonAsync("/api/v1/households", new { primaryMemberId = other })).Json(HttpStatusCode.Created)).Str("householdId");

        await (await _app.Manager.PostAsJsonAsync($"/api/v1/households/{second}/members", new { memberId = _member })).Problem(HttpStatusCode.Conflict, "already_in_household");
        await (await _app.Manager.PostAsJsonAsync($"/api/v1/households/{first}/members", new { memberId = _member })).Problem(HttpStatusCode.Conflict, "already_in_household");
        await (await _app.Manager.PostAsJsonAsync("/api/v1/households", new { primaryMemberId = other })).Problem(HttpStatusCode.Conflict, "already_in_household");
    }

    [Fact]
    public async Task Paying_stored_value_without_a_card_is_a_validation_error()
    {
        var problem = await (await _app.Clerk.Checkout(new { checkoutId = "sv-nc", storeId = "S001", memberId = _member, storedValueAmount = 10m,
            lines = new[] { Line("A", 1, 100m) } })).Problem(HttpStatusCode.BadRequest, "validation");

        Assert.Contains("storedValueAmount", problem["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task Only_stored_value_cards_are_topped_up()
    {
        var problem = await (await _app.Clerk.PostAsJsonAsync($"/api/v1/cards/{_card}/top-ups", new { topUpId = "t-std", amount = 100m }))
            .Problem(HttpStatusCode.BadRequest, "validation");

        Assert.Contains("cardNumber", problem["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(0m, (await (await _app.Clerk.GetAsync($"/api/v1/cards/{_card}")).Json(HttpStatusCode.OK))["storedValue"]!.Dec("paid"));
    }

    [Fact]
    public async Task A_second_replacement_with_another_number_is_refused_not_answered_with_the_first()
    {
        var replaced = await (await _app.Clerk.PostAsJsonAsync($"/api/v1/cards/{_card}/replace", new { newCardNumber = "8812345678900001" })).Json(HttpStatusCode.OK);
        Assert.Equal("8812345678900001", replaced.Str("cardNumber"));

        await (await _app.Clerk.PostAsJsonAsync($"/api/v1/cards/{_card}/replace", new { newCardNumber = "8812345678900002" })).Problem(HttpStatusCode.Conflict, "card_replaced");
        // The same replacement again is answered (a retry finishing it).
        var again = await (await _app.Clerk.PostAsJsonAsync($"/api/v1/cards/{_card}/replace", new { newCardNumber = "8812345678900001" })).Json(HttpStatusCode.OK);
        Assert.Equal("8812345678900001", again.Str("cardNumber"));
        await (await _app.Clerk.GetAsync("/api/v1/cards/8812345678900002")).Problem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Unknown_store_ids_are_refused()
    {
        var checkout = await (await _app.Clerk.Checkout(new { checkoutId = "st-1", storeId = "S999", cardNumber = _card, lines = new[] { Line("A", 1, 10m) } }))
            .Problem(HttpStatusCode.BadRequest, "validation");
        Assert.Contains("storeId", checkout["errors"]!.AsObject().Select(e => e.Key));
        var admin = await (await _app.Admin.Checkout(new { checkoutId = "st-2", storeId = "S999", cardNumber = _card, lines = new[] { Line("A", 1, 10m) } }))
            .Problem(HttpStatusCode.BadRequest, "validation");
        Assert.Contains("storeId", admin["errors"]!.AsObject().Select(e => e.Key));
        await (await _app.Admin.PostAsJsonAsync("/api/v1/members", new { name = "X", phone = NewPhone(), homeStoreId = "S999" })).Problem(HttpStatusCode.BadRequest, "validation");
        await (await _app.Admin.GetAsync("/api/v1/reports/sales?storeId=S999")).Problem(HttpStatusCode.BadRequest, "validation");
        Assert.Equal(0, (await _app.Clerk.Member(_member)).Available());
    }

    [Fact]
    public async Task The_openapi_document_lists_each_endpoints_error_codes()
    {
        var document = (await _app.CreateClient().GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        string[] Codes(string path, string method, string status) =>
            document["paths"]![path]![method]!["responses"]![status]!["x-error-codes"]!.AsArray().Select(c => c!.GetValue<string>()).ToArray();

        Assert.Contains("phone_taken", Codes("/api/v1/members", "post", "409"));
        Assert.Contains("validation", Codes("/api/v1/members", "post", "400"));
        Assert.Contains("idempotency_mismatch", Codes("/api/v1/checkouts", "post", "409"));
        Assert.Contains("conflict", Codes("/api/v1/checkouts", "post", "409"));
        Assert.Contains("card_number_taken", Codes("/api/v1/cards", "post", "409"));
        Assert.Contains("already_in_household", Codes("/api/v1/households/{householdId}/members", "post", "409"));
        Assert.Contains("rate_limited", Codes("/api/v1/checkouts", "post", "429"));
        Assert.Contains("unavailable", Codes("/api/v1/checkouts", "post", "503"));
        Assert.Contains("forbidden", Codes("/api/v1/members/{memberId}/ledger", "get", "403"));
        Assert.Contains("phone_taken", document["paths"]!["/api/v1/members"]!["post"]!["responses"]!["409"]!["description"]!.GetValue<string>());
    }

    public static TheoryData<Exception> TransportErrors => new()
    {
        new SiloUnavailableException("The silo left the cluster."),
        // Its constructors are not public: the runtime creates it when a message cannot be forwarded.
        (Exception)System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(typeof(OrleansMessageRejectionException)),
        new TimeoutException("Response did not arrive on time."),
    };

    [Theory]
    [MemberData(nameof(TransportErrors))]
    public async Task The_clusters_transport_errors_are_a_retryable_503(Exception error)
    {
        var handler = _app.Services.GetServices<IExceptionHandler>().OfType<DomainExceptionHandler>().Single();
        using var scope = _app.Services.CreateScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Response.Body = new MemoryStream();

        Assert.True(await handler.TryHandleAsync(context, error, CancellationToken.None));

        Assert.Equal(503, context.Response.StatusCode);
        Assert.Equal("2", context.Response.Headers.RetryAfter.ToString());
        context.Response.Body.Position = 0;
        var problem = JsonNode.Parse(await new StreamReader(context.Response.Body).ReadToEndAsync())!;
        Assert.Equal("unavailable", problem.Str("code"));
    }

    [Fact]
    public void Log_event_ids_are_unique()
    {
        var ids = typeof(Program).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly))
            .SelectMany(m => m.GetCustomAttributes<LoggerMessageAttribute>())
            .Select(a => a.EventId)
            .ToList();

        Assert.NotEmpty(ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void No_endpoint_reads_configuration_per_request()
    {
        var handlers = typeof(Program).Assembly.GetTypes()
            .Where(t => t.Namespace == "Loyalty.Host.Apis")
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.DeclaredOnly))
            .Where(m => m.GetParameters().Any(p => p.ParameterType == typeof(Microsoft.Extensions.Configuration.IConfiguration)))
            .Select(m => m.Name)
            .ToList();

        Assert.Empty(handlers);
    }

    [Fact]
    public async Task Metrics_are_scraped_in_prometheus_format_by_admins_only()
    {
        await _app.Clerk.CheckoutOk(Basket("metrics-1", _card, Line("A", 1, 10m)));
        var scraper = _app.CreateClient();
        scraper.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Keys.Admin);

        var text = await scraper.GetStringAsync("/metrics");

        Assert.Contains("loyalty_checkout", text, StringComparison.Ordinal);
        // Durations are in seconds, and so are their buckets (not OpenTelemetry's millisecond defaults, where every
        // checkout fell in the first bucket): the bounds run from a millisecond to a minute.
        var bounds = text.Split('\n')
            .Where(line => line.StartsWith("loyalty_checkout_duration_seconds_bucket{", StringComparison.Ordinal))
            .Select(line => line[(line.IndexOf("le=\"", StringComparison.Ordinal) + 4)..line.LastIndexOf('"')])
            .ToList();
        Assert.Contains("0.001", bounds);
        Assert.Contains("60", bounds);
        Assert.DoesNotContain("7500", bounds);
        Assert.Contains("orleans", text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await _app.Manager.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.CreateClient().GetAsync("/metrics")).StatusCode);
    }
}
