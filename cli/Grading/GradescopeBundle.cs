using System.IO.Compression;

namespace TcpKata.Cli.Grading;

/// <summary>
/// The Gradescope autograder zip: setup.sh and run_autograder (packaging/gradescope/) at its root, the repository
/// under tcpkata/, and the hidden tests under hidden-tests/. Gradescope unpacks it into /autograder/source, runs
/// setup.sh once, then run_autograder for each submission.
/// </summary>
internal static class GradescopeBundle
{
    private static readonly HashSet<string> SkippedFolders = [".git", "bin", "obj", ".tcpkata", "TestResults", "BenchmarkDotNet.Artifacts", ".vs", ".idea"];

    public static int Write(DirectoryInfo root, string zipPath, string? hiddenTests)
    {
        if (hiddenTests is not null && !Directory.Exists(hiddenTests))
            throw new DirectoryNotFoundException($"{hiddenTests}: no such folder of hidden tests");
        if (File.Exists(zipPath)) File.Delete(zipPath);
        var entries = 0;
        using var zip = ZipFile.Open(zipPath, ZipArchiveMode.Create);
        foreach (var script in new[] { "setup.sh", "run_autograder" })
        {
            var entry = zip.CreateEntryFromFile(Path.Combine(root.FullName, "packaging", "gradescope", script), script);
            entry.ExternalAttributes = Convert.ToInt32("100755", 8) << 16; // executable, as Gradescope runs them
            entries++;
        }
        entries += Add(zip, root.FullName, "tcpkata");
        if (hiddenTests is not null) entries += Add(zip, hiddenTests, "hidden-tests");
        return entries;
    }

    private static int Add(ZipArchive zip, string folder, string prefix)
    {
        var added = 0;
        foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos())
        {
            if (entry is DirectoryInfo dir)
            {
                if (!SkippedFolders.Contains(dir.Name)) added += Add(zip, dir.FullName, $"{prefix}/{dir.Name}");
            }
            else if (!entry.Name.Contains(".received.", StringComparison.Ordinal))
            {
                var created = zip.CreateEntryFromFile(entry.FullName, $"{prefix}/{entry.Name}");
                if (entry.Name.EndsWith(".sh", StringComparison.Ordinal) || entry.Name == "run" || entry.Name == "run_autograder")
                    created.ExternalAttributes = Convert.ToInt32("100755", 8) << 16;
                added++;
            }
        }
        return added;
    }
}
