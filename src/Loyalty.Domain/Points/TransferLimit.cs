namespace Loyalty.Domain.Points;

/// <summary>The daily transfer limit (积分转赠, domain.md §3): a member gives at most the program's limit per program day.</summary>
public static class TransferLimit
{
    /// <summary>The error code of a transfer beyond the limit.</summary>
    public const string Exceeded = "transfer_limit";

    /// <exception cref="DomainException"><c>transfer_limit</c> when <paramref name="points"/> more would pass the limit.</exception>
    public static void Check(ProgramSettings program, long givenToday, long points)
    {
        if (givenToday + points > program.DailyTransferLimit)
        {
            throw new DomainException(Exceeded,
                $"The daily transfer limit is {program.DailyTransferLimit} points; {Math.Max(0, program.DailyTransferLimit - givenToday)} are left today.");
        }
    }
}
