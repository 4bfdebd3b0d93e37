using System.IO.Compression;

namespace TcpKata.Instructor.Grading;

/// <summary>
/// The Gradescope autograder zip: setup.sh and run_autograder (packaging/gradescope/) at its root, the repository
/// under tcpkata/, and the hidden tests under hidden-tests/. Gradescope unpacks it into /autograder/source, runs
/// setup.sh once, then run_autograder for each submission.
/// </summary>
internal static class GradescopeBundle
{
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
            entry.ExternalAttributes = Executable;
            entries++;
        }
        entries += Add(zip, root.FullName, "tcpkata");
        if (hiddenTests is not null) entries += Add(zip, hiddenTests, "hidden-tests");
        return entries;
    }

    private static int Add(ZipArchive zip, string folder, string prefix)
    {
        var files = RepositoryFiles.Enumerate(folder).ToList();
        foreach (var file in files)
        {
            var entry = zip.CreateEntryFromFile(Path.Combine(folder, file), $"{prefix}/{file}");
            if (file.EndsWith(".sh", StringComparison.Ordinal) || file.EndsWith("/run_autograder", StringComparison.Ordinal))
                entry.ExternalAttributes = Executable;
        }
        return files.Count;
    }

    // Unix permissions 0755 in the entry's high bits: Gradescope runs the scripts as they are unpacked.
    private static readonly int Executable = Convert.ToInt32("100755", 8) << 16;
}
