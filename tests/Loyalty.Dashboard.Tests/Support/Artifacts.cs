namespace Loyalty.Dashboard.Tests.Support;

/// <summary>Test artifacts (screenshots, measurements) go to TestResults/ at the repository root, next to the trx files.</summary>
public static class Artifacts
{
    public static string PathOf(string fileName)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Loyalty.Orleans.sln")))
        {
            directory = directory.Parent;
        }
        var results = Path.Combine(directory?.FullName ?? AppContext.BaseDirectory, "TestResults");
        Directory.CreateDirectory(results);
        return Path.Combine(results, fileName);
    }
}
