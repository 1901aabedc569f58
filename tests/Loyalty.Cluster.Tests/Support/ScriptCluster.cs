using System.Diagnostics;
using Loyalty.Tests.Support;

namespace Loyalty.Cluster.Tests.Support;

/// <summary>
/// The cluster of load/cluster.sh: real host processes on a throw-away schema, with the Loyalty.Host build of this
/// test run. Stopped (and the schema dropped) on dispose, whatever the test did.
/// </summary>
public sealed class ScriptCluster : IAsyncDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "loyalty-cluster-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly PostgresTestSchema _schema = PostgresTestSchema.Create();

    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>Per host, as printed by the script: base URL and process id (silo hosts first).</summary>
    public List<(Uri Url, int Pid)> Hosts { get; } = [];

    public static async Task<ScriptCluster> UpAsync(int silos, int apiOnly)
    {
        var cluster = new ScriptCluster();
        try
        {
            foreach (var line in await cluster.RunAsync(["up", silos.ToString(System.Globalization.CultureInfo.InvariantCulture)], apiOnly))
            {
                var parts = line.Split(' ');
                cluster.Hosts.Add((new Uri(parts[0]), int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture)));
            }
            Assert.Equal(silos + apiOnly, cluster.Hosts.Count);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>kill -9 of host <paramref name="index"/> (0-based).</summary>
    public Task KillAsync(int index) => RunAsync(["kill", (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)]);

    /// <summary>Graceful stop (or a dead host noticed) and start on the same ports; returns once it is ready.</summary>
    public async Task RestartAsync(int index)
    {
        var line = (await RunAsync(["restart", (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)])).Single().Split(' ');
        Hosts[index] = (new Uri(line[0]), int.Parse(line[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    public string LogOf(int index) => File.Exists(Path.Combine(_directory, $"host-{index + 1}.log"))
        ? File.ReadAllText(Path.Combine(_directory, $"host-{index + 1}.log")) : "";

    public HttpClient Client(int index, string apiKey)
    {
        var client = new HttpClient { BaseAddress = Hosts[index].Url, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    private async Task<List<string>> RunAsync(string[] arguments, int apiOnly = 0)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryRoot, "load", "cluster.sh"), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot,
        };
        start.Environment["CLUSTER_DIR"] = _directory;
        start.Environment["CLUSTER_API_HOSTS"] = apiOnly.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["CLUSTER_HOST_DLL"] = HostDll();
        start.Environment["ConnectionStrings__Loyalty"] = _schema.ConnectionString;
        // The hosts run in Production; the tests' keys are configured like a chain's would be.
        start.Environment["CLUSTER_ADMIN_KEY"] = Http.Admin;
        start.Environment["CLUSTER_ENV"] = string.Join(' ',
            $"Loyalty__ApiKeys__{Http.Clerk}__Role=clerk", $"Loyalty__ApiKeys__{Http.Clerk}__Store=S001",
            $"Loyalty__ApiKeys__{Http.ManagerS001}__Role=manager", $"Loyalty__ApiKeys__{Http.ManagerS001}__Store=S001",
            $"Loyalty__ApiKeys__{Http.ManagerS002}__Role=manager", $"Loyalty__ApiKeys__{Http.ManagerS002}__Store=S002");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"cluster.sh {string.Join(' ', arguments)} exited {process.ExitCode}: {await errors}");
        return (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
    }

    /// <summary>The host built with this test project (same configuration), run from its own output folder.</summary>
    private static string HostDll()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            ? "Release" : "Debug";
        var dll = Path.Combine(RepositoryRoot, "src", "Loyalty.Host", "bin", configuration, "net10.0", "Loyalty.Host.dll");
        Assert.True(File.Exists(dll), $"{dll} is not built");
        return dll;
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Loyalty.Orleans.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("The repository root (Loyalty.Orleans.sln) is not above " + AppContext.BaseDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (Directory.Exists(_directory))
            {
                await RunAsync(["down"]);
            }
        }
        finally
        {
            foreach (var (_, pid) in Hosts)
            {
                try
                {
                    Process.GetProcessById(pid).Kill();
                }
                catch (ArgumentException)
                {
                    // Gone already.
                }
                catch (InvalidOperationException)
                {
                }
            }
            if (Directory.Exists(_directory))
            {
                Directory.Delete(_directory, recursive: true);
            }
            await _schema.DisposeAsync();
        }
    }
}
