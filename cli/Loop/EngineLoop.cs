using System.Security.Cryptography;
using System.Text.Json;
using TcpKata.Engine;
using TcpKata.Feedback;

namespace TcpKata.Cli.Loop;

/// <summary>One round of the loop: the files compiled (repository-relative path to content), their build, and when it compiled,
/// the chosen exercise's outcomes.</summary>
internal sealed record LoopRound(Exercise Exercise, IReadOnlyDictionary<string, string> Files, WorkingCopyBuild Build, IReadOnlyList<TestOutcome> Outcomes);

/// <summary>
/// The fast student loop behind <c>tcpkata test</c> and <c>tcpkata watch</c>: the exercise files as saved, compiled in memory
/// by the engine, and one exercise's tests run in a warm worker process (this tool's hidden <see cref="WorkerVerb"/>), with
/// no sandbox: it is the student's own code on the student's own machine. The tests are compiled once against the
/// working copy's public surface and kept in the state folder (.tcpkata/engine/), with their listing, until the tests, the
/// kit or that surface change.
/// </summary>
internal sealed class EngineLoop : IAsyncDisposable
{
    public const string WorkerVerb = "test-worker";

    // Generous for a student's machine, short enough that a loop that never ends is reported within seconds.
    private static readonly WorkerLimits Limits = new(TimeoutSeconds: 300, MemoryMegabytes: 2048, OutputKilobytes: 64, TestTimeoutSeconds: 10);

    private readonly DirectoryInfo _root;
    private readonly IReadOnlyList<Exercise> _catalog;
    private readonly ExerciseCompiler _compiler;
    private readonly string _cache;
    private (string Key, WorkerPool Pool)? _pool;

    public EngineLoop(DirectoryInfo root, IReadOnlyList<Exercise> catalog, string stateDirectory)
    {
        _root = root;
        _catalog = catalog;
        _compiler = new ExerciseCompiler(root, catalog);
        _cache = Directory.CreateDirectory(Path.Combine(stateDirectory, "engine")).FullName;
        _explorer = Path.Combine(stateDirectory, "explorer");
    }

    // Failing tests' trace explorer pages: in the state folder, each named after its test, so that the loop's round leaves
    // the working copy's files alone.
    private readonly string _explorer;

    private static WorkerHost Host => new(typeof(EngineLoop).Assembly.Location, WorkerVerb);

    /// <summary>Compiles the working copy; when it compiles, runs <paramref name="exercise"/>'s tests on it.</summary>
    public async Task<LoopRound> RunAsync(Exercise exercise, CancellationToken cancellation = default)
    {
        // Every .cs file under exercises/, as dotnet build exercises compiles them (helpers a student adds included).
        var files = FailureReport.ExerciseFiles(_root.FullName);
        var build = _compiler.CompileAsWritten(files, cancellation);
        if (!build.Compiled) return new LoopRound(exercise, files, build, []);
        var pool = await PoolFor(build, cancellation);
        var outcomes = await pool.RunAsync("working copy", build.Assembly!, exercise.Owns, cancellation);
        return new LoopRound(exercise, files, build, outcomes);
    }

    // The tests compiled for this working copy's public surface: reused while it, the tests and the tools stay the same.
    private async Task<WorkerPool> PoolFor(WorkingCopyBuild build, CancellationToken cancellation)
    {
        var key = CacheKey(build.ReferenceAssembly!);
        if (_pool is { } current && current.Key == key) return current.Pool;
        if (_pool is { } stale) await stale.Pool.DisposeAsync();

        var folder = Path.Combine(_cache, "tests-" + key);
        var listingFile = Path.Combine(folder, "tests.json");
        if (!File.Exists(listingFile))
        {
            // Built beside, then moved into place: a run stopped halfway leaves nothing that looks finished.
            var building = Directory.CreateDirectory(Path.Combine(_cache, "building-" + Guid.NewGuid().ToString("N")[..8])).FullName;
            try
            {
                TestCompiler.Compile(_root, build.ReferenceAssembly!, building);
                foreach (var old in Directory.EnumerateDirectories(_cache, "tests-*"))
                    try { Directory.Delete(old, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
                if (!Directory.Exists(folder)) Directory.Move(building, folder);
            }
            finally
            {
                // A compile that failed, or a folder another tcpkata finished first, leaves nothing behind.
                if (Directory.Exists(building)) Directory.Delete(building, recursive: true);
            }
        }
        var assemblies = new[] { Path.Combine(folder, TestCompiler.VisibleAssembly + ".dll") };
        var pool = new WorkerPool(Host, _catalog, assemblies, Limits, workers: 1, Directory.CreateDirectory(Path.Combine(_cache, "work")).FullName,
            WorkerIsolation.Warm, _explorer);
        if (File.Exists(listingFile))
            pool.UseListing(JsonSerializer.Deserialize<List<ListedTest>>(File.ReadAllText(listingFile))!.Select(t => (t.Test, t.Hidden)).ToList());
        else
        {
            var listed = await pool.ListTestsAsync(build.Assembly!, cancellation);
            File.WriteAllText(listingFile, JsonSerializer.Serialize(listed.Select(t => new ListedTest(t.Test, t.Hidden))));
        }
        _pool = (key, pool);
        return pool;
    }

    private sealed record ListedTest(string Test, bool Hidden);

    // What the compiled tests depend on: their sources and data folders' code, the exercises' public surface, and the kit
    // and engine this tool was built with.
    private string CacheKey(byte[] referenceAssembly)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(referenceAssembly);
        foreach (var assembly in new[] { typeof(TcpSocket).Assembly, typeof(TestCompiler).Assembly })
            hash.AppendData(assembly.ManifestModule.ModuleVersionId.ToByteArray());
        foreach (var folder in TestCompiler.DataFolders(_root))
            foreach (var file in Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                if (file.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj")) continue;
                hash.AppendData(System.Text.Encoding.UTF8.GetBytes(file + "\0"));
                hash.AppendData(File.ReadAllBytes(file));
            }
        return Convert.ToHexString(hash.GetHashAndReset())[..16].ToLowerInvariant();
    }

    public async ValueTask DisposeAsync()
    {
        if (_pool is { } current) await current.Pool.DisposeAsync();
    }
}
