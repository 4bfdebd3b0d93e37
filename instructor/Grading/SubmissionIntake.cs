using System.IO.Compression;
using System.Text;
using TcpKata.Engine;

namespace TcpKata.Instructor.Grading;

/// <summary>
/// Reads a folder of submissions, one per student: a folder (a cloned repository) or a .zip (a download). The
/// exercise files may sit at the root or under one or more top folders (GitHub and Gradescope add one); the
/// copy nearest the root wins. Files are read into memory, never extracted, so a hostile archive cannot write
/// anywhere; each is capped in size.
/// </summary>
internal static class SubmissionIntake
{
    /// <summary>A source file larger than this is not an exercise solution (the stubs are 2–3 KB).</summary>
    public const int MaxFileBytes = 256 * 1024;

    /// <summary>More files than this in one submission folder is not a student repository; the walk stops there.</summary>
    public const int MaxFilesWalked = 20_000;

    private static readonly HashSet<string> SkippedFolders = [".git", "bin", "obj", "node_modules", ".vs", ".idea"];

    /// <summary>The submissions in <paramref name="folder"/>, in name order, and what in it is not a submission.</summary>
    public static (IReadOnlyList<Submission> Submissions, IReadOnlyList<string> Problems) Read(string folder, IReadOnlyList<Exercise> exercises)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"{folder}: no such folder of submissions");
        var wanted = exercises.SelectMany(e => e.SolutionFiles).ToList();
        var submissions = new List<Submission>();
        var problems = new List<string>();
        foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            if (entry is DirectoryInfo dir) submissions.Add(FromFolder(dir, wanted));
            else if (entry.Name.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)) submissions.Add(FromZip((FileInfo)entry, wanted));
            else problems.Add($"{entry.FullName}: not a folder or a .zip, so not a submission; not graded");
        }
        foreach (var twin in submissions.GroupBy(s => s.Student).Where(g => g.Count() > 1))
            problems.Add($"{twin.Count()} submissions are named \"{twin.Key}\" ({string.Join(", ", twin.Select(s => Path.GetFileName(s.Source)))}): all are graded, under the same name");
        return (submissions, problems);
    }

    private static Submission FromFolder(DirectoryInfo folder, List<string> wanted)
    {
        var notes = new List<string>();
        var paths = new List<string>();
        var pending = new Stack<DirectoryInfo>([folder]);
        while (pending.Count > 0 && paths.Count < MaxFilesWalked)
        {
            var dir = pending.Pop();
            try
            {
                foreach (var entry in dir.EnumerateFileSystemInfos())
                {
                    var relative = Path.GetRelativePath(folder.FullName, entry.FullName).Replace('\\', '/');
                    // A symbolic link could point at another student's work or at the grader's own files.
                    if (entry.LinkTarget is not null) notes.Add($"{relative} is a symbolic link: refused, never followed");
                    else if (entry is DirectoryInfo sub) { if (!SkippedFolders.Contains(sub.Name)) pending.Push(sub); }
                    else paths.Add(relative);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                // A tree deeper than the OS allows, a folder nobody may read: said, and the rest still searched.
                notes.Add($"{Path.GetRelativePath(folder.FullName, dir.FullName)} could not be read ({e.GetType().Name}): not searched");
            }
        }
        if (paths.Count >= MaxFilesWalked) notes.Add($"more than {MaxFilesWalked} files: only the first {MaxFilesWalked} were searched");
        var files = Pick(paths, wanted, notes, path =>
        {
            var file = new FileInfo(Path.Combine(folder.FullName, path));
            // A FIFO, a device or a socket reports no length, and reading one could block or never end: a file of no bytes is
            // not read at all (an empty source file would compile to nothing anyway).
            if (file.Length == 0)
            {
                notes.Add($"{path} is empty or not a regular file (a FIFO, device or socket): not read, graded as the untouched stub");
                return "";
            }
            return file.Length > MaxFileBytes ? null : File.ReadAllText(file.FullName, Encoding.UTF8);
        });
        return new Submission(folder.Name, folder.FullName, files, notes);
    }

    private static Submission FromZip(FileInfo zip, List<string> wanted)
    {
        var student = Path.GetFileNameWithoutExtension(zip.Name);
        var notes = new List<string>();
        try
        {
            using var archive = ZipFile.OpenRead(zip.FullName);
            var entries = archive.Entries.Where(e => e.Name.Length > 0)
                .GroupBy(e => e.FullName.Replace('\\', '/')).ToDictionary(g => g.Key, g => g.First());
            var files = Pick(entries.Keys.ToList(), wanted, notes, path =>
            {
                var entry = entries[path];
                if (entry.Length == 0)
                {
                    notes.Add($"{path} is empty: graded as the untouched stub");
                    return "";
                }
                if (entry.Length > MaxFileBytes) return null;
                using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
                return reader.ReadToEnd();
            });
            return new Submission(student, zip.FullName, files, notes);
        }
        catch (InvalidDataException e)
        {
            notes.Add($"{zip.Name} is not a readable zip ({e.Message}): nothing to grade");
            return new Submission(student, zip.FullName, new Dictionary<string, string>(), notes);
        }
    }

    // For each wanted path, the submitted file whose path ends with it, nearest the root.
    private static Dictionary<string, string> Pick(List<string> paths, List<string> wanted, List<string> notes, Func<string, string?> read)
    {
        var files = new Dictionary<string, string>();
        foreach (var path in wanted)
        {
            var match = paths.Where(p => p == path || p.EndsWith("/" + path, StringComparison.Ordinal))
                .OrderBy(p => p.Count(c => c == '/')).ThenBy(p => p, StringComparer.Ordinal).FirstOrDefault();
            if (match is null)
            {
                notes.Add($"{path} not found: graded as the untouched stub");
                continue;
            }
            switch (read(match))
            {
                case null:
                    notes.Add($"{match} is larger than {MaxFileBytes / 1024} KB: not taken, graded as the untouched stub");
                    break;
                case "":
                    break; // the reader has said why
                case var content:
                    files[path] = content;
                    break;
            }
        }
        return files;
    }
}
