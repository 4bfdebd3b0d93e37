using System.IO.Compression;
using TcpKata.Instructor;
using TcpKata.Instructor.Grading;
using TcpKata.Engine;

namespace TcpKata.Instructor.Tests;

/// <summary>Taking submissions in: folders and zips, exercise files only, nothing skipped silently.</summary>
public sealed class SubmissionIntakeTests : TempFolder
{
    private static readonly IReadOnlyList<Exercise> Exercises = ExerciseCatalog.Load(ToolCommandLine.RepositoryRoot()!);
    private const string Echo = "exercises/06-echo-server/EchoServer.cs";
    private const string Client = "exercises/01-client-handshake/ClientHandshake.cs";

    private string Submissions => Path.Combine(Folder, "submissions");

    private void WriteFile(string path, string content)
    {
        var full = Path.Combine(Submissions, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    private void WriteZip(string name, params (string Path, string Content)[] entries)
    {
        Directory.CreateDirectory(Submissions);
        using var zip = ZipFile.Open(Path.Combine(Submissions, name), ZipArchiveMode.Create);
        foreach (var (path, content) in entries)
        {
            using var writer = new StreamWriter(zip.CreateEntry(path).Open());
            writer.Write(content);
        }
    }

    [Test]
    public void AFolderGivesOnlyTheExerciseFilesAndNamesWhatIsMissing()
    {
        WriteFile($"alice/{Echo}", "// alice's echo server");
        WriteFile("alice/tests/TcpKata.Tests/06-echo-server/EchoServerTests.cs", "// her own tests: never taken");
        WriteFile("alice/Directory.Build.props", "<Project />");
        var (submissions, problems) = SubmissionIntake.Read(Submissions, Exercises);
        var alice = submissions.Single();
        Assert.Multiple(() =>
        {
            Assert.That(problems, Is.Empty);
            Assert.That(alice.Student, Is.EqualTo("alice"));
            Assert.That(alice.Files.Keys, Is.EqualTo(new[] { Echo }));
            Assert.That(alice.Files[Echo], Is.EqualTo("// alice's echo server"));
            Assert.That(alice.Notes, Has.Some.EqualTo($"{Client} not found: graded as the untouched stub"));
            Assert.That(alice.Notes, Has.Count.EqualTo(Exercises.Sum(e => e.SolutionFiles.Count) - 1));
        });
    }

    [Test]
    public void AZipWithATopFolderIsReadWithoutExtractingIt()
    {
        WriteZip("bob.zip", ($"tcpkata-bob-main/{Client}", "// bob"), ("tcpkata-bob-main/README.md", "hi"));
        var bob = SubmissionIntake.Read(Submissions, Exercises).Submissions.Single();
        Assert.Multiple(() =>
        {
            Assert.That(bob.Student, Is.EqualTo("bob"));
            Assert.That(bob.Files, Is.EqualTo(new Dictionary<string, string> { [Client] = "// bob" }));
            Assert.That(Directory.EnumerateFileSystemEntries(Submissions), Has.Exactly(1).Items, "nothing extracted");
        });
    }

    [Test]
    public void TheCopyNearestTheRootWins()
    {
        WriteZip("carol.zip", ($"backup/old/{Client}", "// old"), ($"repo/{Client}", "// current"));
        Assert.That(SubmissionIntake.Read(Submissions, Exercises).Submissions.Single().Files[Client], Is.EqualTo("// current"));
    }

    [Test]
    public void PathsThatTryToEscapeTheArchiveAreJustNames()
    {
        WriteZip("mallory.zip", ($"../../{Client}", "// escaping"), ("../../../etc/passwd", "root"));
        var mallory = SubmissionIntake.Read(Submissions, Exercises).Submissions.Single();
        Assert.Multiple(() =>
        {
            Assert.That(mallory.Files[Client], Is.EqualTo("// escaping"));
            Assert.That(File.Exists(Path.Combine(Folder, "etc", "passwd")), Is.False);
        });
    }

    [Test]
    public void AnOversizedFileIsNotTakenAndSaysSo()
    {
        WriteFile($"dave/{Echo}", new string('x', SubmissionIntake.MaxFileBytes + 1));
        var dave = SubmissionIntake.Read(Submissions, Exercises).Submissions.Single();
        Assert.Multiple(() =>
        {
            Assert.That(dave.Files, Is.Empty);
            Assert.That(dave.Notes, Has.Some.Contains("is larger than 256 KB"));
        });
    }

    [Test]
    public void ACorruptZipIsAGradedSubmissionWithNothingInIt()
    {
        Directory.CreateDirectory(Submissions);
        File.WriteAllText(Path.Combine(Submissions, "erin.zip"), "this is not a zip");
        var erin = SubmissionIntake.Read(Submissions, Exercises).Submissions.Single();
        Assert.Multiple(() =>
        {
            Assert.That(erin.Student, Is.EqualTo("erin"));
            Assert.That(erin.Files, Is.Empty);
            Assert.That(erin.Notes, Has.Some.Contains("erin.zip is not a readable zip"));
        });
    }

    [Test]
    public void StrayFilesAreReportedNotGraded()
    {
        WriteFile("notes.txt", "grading notes");
        WriteFile($"frank/{Echo}", "// frank");
        var (submissions, problems) = SubmissionIntake.Read(Submissions, Exercises);
        Assert.Multiple(() =>
        {
            Assert.That(submissions.Select(s => s.Student), Is.EqualTo(new[] { "frank" }));
            Assert.That(problems, Has.Some.Contains("notes.txt: not a folder or a .zip"));
        });
    }

    [Test]
    public void SubmissionsComeInNameOrder()
    {
        WriteFile($"zoe/{Echo}", "z");
        WriteZip("adam.zip", (Echo, "a"));
        WriteFile($"mia/{Echo}", "m");
        Assert.That(SubmissionIntake.Read(Submissions, Exercises).Submissions.Select(s => s.Student), Is.EqualTo(new[] { "adam", "mia", "zoe" }));
    }

    [Test]
    public void AMissingSubmissionsFolderIsAClearError() =>
        Assert.That(() => SubmissionIntake.Read(Path.Combine(Folder, "nope"), Exercises),
            Throws.TypeOf<DirectoryNotFoundException>().With.Message.Contains("no such folder of submissions"));

    // A FIFO at an exercise file's path once stopped a whole class run (reading it never returns): it is not read.
    [Test]
    public void AFifoOrAnEmptyFileIsNotReadAndSaysSo()
    {
        Assume.That(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "FIFOs are a Unix thing");
        WriteFile($"fifo/{Client}", "");
        File.Delete(Path.Combine(Submissions, "fifo", Client));
        Shell($"mkfifo '{Path.Combine(Submissions, "fifo", Client)}'");
        WriteFile($"empty/{Echo}", "");
        var (submissions, _) = SubmissionIntake.Read(Submissions, Exercises);
        Assert.Multiple(() =>
        {
            Assert.That(submissions.Single(s => s.Student == "fifo").Files, Does.Not.ContainKey(Client));
            Assert.That(submissions.Single(s => s.Student == "fifo").Notes, Has.Some.Contains("not a regular file"));
            Assert.That(submissions.Single(s => s.Student == "empty").Notes, Has.Some.Contains($"{Echo} is empty"));
        });
    }

    [Test]
    public void ASymbolicLinkIsRefusedAndNamed()
    {
        WriteFile("other/secret.cs", "// another student's work");
        Directory.CreateDirectory(Path.Combine(Submissions, "linker", "exercises", "01-client-handshake"));
        File.CreateSymbolicLink(Path.Combine(Submissions, "linker", Client), Path.Combine(Submissions, "other", "secret.cs"));
        var (submissions, _) = SubmissionIntake.Read(Submissions, Exercises);
        var linker = submissions.Single(s => s.Student == "linker");
        Assert.Multiple(() =>
        {
            Assert.That(linker.Files, Does.Not.ContainKey(Client));
            Assert.That(linker.Notes, Has.Some.Contains($"{Client} is a symbolic link: refused"));
        });
    }

    // A tree deeper than the OS lets a path be once ended the run: it is reported, and the rest of the folder still searched.
    [Test]
    public void AFolderTooDeepToReadIsReportedNotFatal()
    {
        Assume.That(OperatingSystem.IsLinux(), "PATH_MAX is Linux's 4096 here");
        WriteFile($"deep/{Echo}", "// the echo server, found beside the deep tree");
        var deep = Path.Combine(Submissions, "deep");
        try
        {
            // Made one level at a time relative to the last, as only a shell can: no path to it fits in PATH_MAX.
            Shell($"cd '{deep}' && for i in $(seq 1 25); do d=$(printf 'd%.0s' $(seq 1 200)); mkdir $d && cd $d; done");
            var (submissions, _) = SubmissionIntake.Read(Submissions, Exercises);
            var student = submissions.Single(s => s.Student == "deep");
            Assert.Multiple(() =>
            {
                Assert.That(student.Files, Does.ContainKey(Echo));
                Assert.That(student.Notes, Has.Some.Contains("could not be read"));
            });
        }
        finally
        {
            Shell($"rm -rf '{deep}'");
        }
    }

    private static void Shell(string command)
    {
        using var process = System.Diagnostics.Process.Start("bash", ["-c", command])!;
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, command);
    }
}
