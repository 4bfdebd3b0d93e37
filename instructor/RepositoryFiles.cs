namespace TcpKata.Instructor;

/// <summary>
/// The files of a folder of this repository as they are worth copying elsewhere (the starter, the Gradescope
/// bundle): without build output, git's store, local state, test results and snapshots waiting to be accepted.
/// </summary>
internal static class RepositoryFiles
{
    private static readonly HashSet<string> SkippedFolders = [".git", "bin", "obj", ".tcpkata", "TestResults", "BenchmarkDotNet.Artifacts", ".vs", ".idea"];

    /// <summary>Paths relative to <paramref name="folder"/>, with '/' between parts.</summary>
    public static IEnumerable<string> Enumerate(string folder)
    {
        foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            if (entry is DirectoryInfo dir)
            {
                if (SkippedFolders.Contains(dir.Name)) continue;
                foreach (var file in Enumerate(dir.FullName)) yield return $"{dir.Name}/{file}";
            }
            else if (!entry.Name.Contains(".received.", StringComparison.Ordinal))
            {
                yield return entry.Name;
            }
        }
    }
}
