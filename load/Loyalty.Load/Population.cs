namespace Loyalty.Load;

/// <summary>
/// The seeded members, by index (1-based): ids, cards and phones are functions of the index, so the seeder and
/// every later run agree without sharing a file.
/// </summary>
public static class Population
{
    public static string MemberId(int i) => $"LM{i:D8}";

    public static string CardNumber(int i) => $"66{i:D14}";

    public static string Phone(int i) => $"139{i:D8}";

    public static string Store(int i, int stores) => $"S{i % stores + 1:D3}";

    public static long OpeningPoints(int i) => i % 1000;
}
