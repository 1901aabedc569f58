using System.Text.Json;
using Loyalty.Grains;
using Loyalty.Grains.Members;
using Loyalty.Host.Jobs;
using Loyalty.Persistence.Storage;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Host.Tests.Support;

/// <summary>Helpers for scheduled-job tests: program-time instants, scheduler passes, grain state as stored.</summary>
public static class JobTime
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    /// <summary>An instant in program time (Asia/Shanghai, UTC+8).</summary>
    public static DateTimeOffset At(string localDateTime) =>
        new DateTimeOffset(DateTime.Parse(localDateTime, System.Globalization.CultureInfo.InvariantCulture), Shanghai).ToUniversalTime();

    /// <summary>Moves the clock to a program-time instant and runs one scheduler pass.</summary>
    public static async Task<JobPassReport> RunJobsAt<TEntryPoint>(this WebApplicationFactory<TEntryPoint> app,
        Microsoft.Extensions.Time.Testing.FakeTimeProvider time, string localDateTime) where TEntryPoint : class
    {
        time.SetUtcNow(At(localDateTime));
        return await app.Services.GetRequiredService<JobScheduler>().RunOnceAsync(CancellationToken.None);
    }

    public static Task<JobPassReport> RunJobsAt(this LoyaltyApp app, string localDateTime) => app.RunJobsAt(app.Time, localDateTime);

    /// <summary>The member's state as committed.</summary>
    public static async Task<MemberState> StoredMember(this WebApplicationFactory<Program> app, string memberId)
    {
        var stored = await app.Services.GetRequiredService<ILedgerStore>().ReadAsync(new StateId("member", memberId));
        return JsonSerializer.Deserialize(stored!.StateJson, GrainJson.Default.MemberState)!;
    }

    public static int Changed(this JobPassReport report, string job) => report.Jobs[job].Changed;

    public static int TotalDue(this JobPassReport report) => report.Jobs.Values.Sum(c => c.Due);
}
