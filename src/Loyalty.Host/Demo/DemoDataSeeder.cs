using Loyalty.Domain;
using Loyalty.Grains.Cards;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Members;
using Loyalty.Grains.Program;
using Loyalty.Host.Infrastructure;

namespace Loyalty.Host.Demo;

/// <summary>
/// The demo run's data (in-memory storage only): a few members with cards in stores S001 and S002, one of them
/// gold after a large purchase and one whose birthday is today, so the default program can be tried at once.
/// </summary>
public sealed partial class DemoDataSeeder(IGrainFactory grains, IProgramProvider programs, TimeProvider time, ILogger<DemoDataSeeder> logger) : IHostedService
{
    public sealed record DemoMember(string MemberId, string Name, string Phone, string Store, string CardNumber, string CardType);

    public static readonly IReadOnlyList<DemoMember> Members =
    [
        new("M0000000001", "Zhang Wei", "13800000001", "S001", "8800000000000001", CardTypes.Standard),
        new("M0000000002", "Li Na", "13800000002", "S001", "8800000000000002", CardTypes.Standard),
        new("M0000000003", "Wang Fang", "13800000003", "S002", "8800000000000003", CardTypes.StoredValue),
        new("M0000000004", "Chen Jie", "13800000004", "S002", "8800000000000004", CardTypes.Standard),
    ];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var seeder = new Actor("admin", null, "demo-seed");
        var today = ProgramCalendar.Today(programs.Current, time.GetUtcNow());
        foreach (var m in Members)
        {
            DateOnly? birthday = m.MemberId == "M0000000002" ? today.AddYears(-30) : new DateOnly(1988, 3, 12);
            await grains.GetGrain<IPhoneIndexGrain>(PhoneIndexGrain.KeyFor(m.Phone)).Claim(new ClaimPhone(m.MemberId));
            await grains.GetGrain<IMemberGrain>(m.MemberId).Register(new RegisterMember(m.MemberId, m.Name, m.Phone, birthday, null, m.Store, null, seeder));
            await grains.GetGrain<ICardGrain>(m.CardNumber).Issue(new IssueCard(m.MemberId, m.CardType, seeder));
        }
        // Zhang Wei becomes gold with one large purchase (single-purchase shortcut: 10,000 yuan).
        await grains.GetGrain<ICardGrain>("8800000000000001").Checkout(new MemberCheckout("demo-0001", "demo", "S001", null,
            [new CheckoutLineRequest("TV-65", "electronics", 1, 12_000m, false)], 0, null, 0m, false));
        LogSeeded(Members.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = LogEvents.DemoDataSeeded, Level = LogLevel.Information,
        Message = "Demo data: {Count} members (M0000000001..) with cards 8800000000000001.. in stores S001 and S002")]
    private partial void LogSeeded(int count);
}
