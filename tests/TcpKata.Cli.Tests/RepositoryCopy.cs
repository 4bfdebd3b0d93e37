using TcpKata.Cli.Loop;

namespace TcpKata.Cli.Tests;

/// <summary>
/// A copy of what the fast loop reads (exercises/, the exercise tests and their data) in a temporary folder, with an
/// <see cref="EngineLoop"/> on it: tests write exercise files there as a student would, never in the repository.
/// </summary>
internal sealed class RepositoryCopy : IAsyncDisposable
{
    public string Root { get; }
    public IReadOnlyList<Exercise> Catalog { get; }
    public EngineLoop Loop { get; }

    public RepositoryCopy()
    {
        Root = Directory.CreateTempSubdirectory("tcpkata-copy-").FullName;
        foreach (var folder in new[] { "exercises", "tests/TcpKata.Tests", "tests/Shared" })
            Copy(Path.Combine(Repository.Root, folder), Path.Combine(Root, folder));
        // The copied tests find their repository by its solution file, as they do in a clone.
        File.WriteAllText(Path.Combine(Root, "TcpKata.sln"), "");
        var root = new DirectoryInfo(Root);
        Catalog = ExerciseCatalog.Load(root);
        Loop = new EngineLoop(root, Catalog, Path.Combine(Root, ".tcpkata"));
    }

    /// <summary>Every exercise file as the repository has it: the stubs.</summary>
    public void RestoreStubs()
    {
        foreach (var file in Catalog.SelectMany(e => e.SolutionFiles))
            File.Copy(Path.Combine(Repository.Root, file), Path.Combine(Root, file), overwrite: true);
    }

    /// <summary>The reference solution of each exercise up to and including <paramref name="number"/>, stubs after it.</summary>
    public void ReferenceUpTo(int number)
    {
        RestoreStubs();
        foreach (var exercise in Catalog.Take(number))
            foreach (var file in exercise.SolutionFiles)
                File.Copy(Path.Combine(Repository.Root, SolutionOf(file)), Path.Combine(Root, file), overwrite: true);
    }

    /// <summary>exercises/01-client-handshake/ClientHandshake.cs → solutions/01-client-handshake/ClientHandshake.cs.</summary>
    public static string SolutionOf(string exerciseFile) => "solutions/" + exerciseFile["exercises/".Length..];

    public string Read(string file) => File.ReadAllText(Path.Combine(Root, file));

    public void Write(string file, string text) => File.WriteAllText(Path.Combine(Root, file), text);

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj")) continue;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(to, relative))!);
            File.Copy(file, Path.Combine(to, relative));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Loop.DisposeAsync();
        Directory.Delete(Root, recursive: true);
    }
}
