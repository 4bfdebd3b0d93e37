using System.Runtime.CompilerServices;

namespace TcpKata.Testing;

/// <summary>The repository these tests were compiled from: found from this file's own path, so tests that read its sources
/// and docs run the same from bin/, from a test runner's shadow copy, or from anywhere else.</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    private static string Find([CallerFilePath] string here = "")
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(here)!); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TcpKata.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("TcpKata.sln not found above " + here);
    }
}
