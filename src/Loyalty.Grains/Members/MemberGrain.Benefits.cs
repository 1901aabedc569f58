using System.Text.Json;
using Loyalty.Domain;
using Loyalty.Domain.Benefits;
using Loyalty.Grains.Contracts;
using Loyalty.Persistence.Storage;

namespace Loyalty.Grains.Members;

/// <summary>Tier benefits with quotas (会员权益): each use recorded once per use id; the rules live in <see cref="BenefitBook"/>.</summary>
public sealed partial class MemberGrain
{
    private const int BenefitUsesShown = 20;

    public Task<BenefitUseView> UseBenefit(UseBenefit request)
    {
        EnsureExists();
        if (State.BenefitBook.Find(request.UseId) is { } first)
        {
            return first.BenefitId == request.BenefitId
                ? Task.FromResult(BenefitUseOf(first))
                : throw new DomainException(ErrorCodes.IdempotencyMismatch, "This use id was used for another benefit.");
        }
        EnsureCanTransact();
        var program = programs.Current;
        var now = Time.GetUtcNow();
        var use = State.BenefitBook.Check(program, request.BenefitId, State.Tier, State.Birthday, ProgramCalendar.Today(program, now));
        use.UseId = request.UseId;
        use.At = now;
        use.StoreId = request.By.StoreId;
        State.BenefitBook.Record(use);
        var note = use.Free ? $"benefit {use.BenefitId} used (free)" : $"benefit {use.BenefitId} used, fee {use.Fee:0.00}";
        AppendLedger(new LedgerRow(Account, $"benefit:{use.UseId}", "benefit", now, request.By.StoreId, PointsAfter: State.Points,
            DataJson: JsonSerializer.Serialize(new LedgerNote(note, request.By.KeyId), GrainJson.Default.LedgerNote)));
        return Task.FromResult(BenefitUseOf(use));
    }

    public Task<BenefitList> Benefits(ListBenefits request)
    {
        EnsureExists();
        var program = programs.Current;
        var today = ProgramCalendar.Today(program, Time.GetUtcNow());
        var benefits = BenefitBook.For(program, State.Tier).Select(b =>
        {
            var used = State.BenefitBook.UsedIn(b, today);
            var available = !b.BirthdayMonthOnly || State.Birthday?.Month == today.Month;
            return new BenefitStatusView(b.Id, b.Name, b.Period == BenefitPeriod.Month ? "month" : "year", b.PeriodStart(today),
                b.PeriodEnd(today).AddDays(-1), b.FreePerPeriod, used, Math.Max(0, b.FreePerPeriod - used), b.FeeBeyond, b.BirthdayMonthOnly,
                available && (used < b.FreePerPeriod || b.FeeBeyond is not null));
        }).ToList();
        var uses = State.BenefitBook.Uses.AsEnumerable().Reverse().Take(BenefitUsesShown).Select(BenefitUseOf).ToList();
        return Task.FromResult(new BenefitList(Key, State.Tier, benefits, uses));
    }

    private static BenefitUseView BenefitUseOf(BenefitUse u) => new(u.UseId, u.BenefitId, u.Day, u.At, u.Free, u.Fee, u.StoreId);
}
