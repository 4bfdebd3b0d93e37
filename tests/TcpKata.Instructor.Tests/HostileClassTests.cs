using System.IO.Compression;
using System.Text.RegularExpressions;
using TcpKata.Engine;
using TcpKata.Instructor.Grading;
using static TcpKata.Instructor.Tests.Submissions;

namespace TcpKata.Instructor.Tests;

/// <summary>
/// The hostile corpus: more than forty attacks (cheat for points, get out of the sandbox, harm another student, stop
/// the class, feed the intake bad input) graded in one class run with honest controls. Every attack is refused or
/// contained with its expected outcome, the controls get exactly the grade they get alone, no score passes its
/// maximum, the run ends with every report, and summary.md names each attempt. Graded once; each test reads the run.
/// </summary>
[NonParallelizable]
public sealed class HostileClassTests
{
    private string _folder = "", _submissions = "";
    private Dictionary<string, SubmissionGrade> _grades = [];
    private Dictionary<string, SubmissionGrade> _controlsAlone = [];
    private string _summary = "", _gradebook = "";
    private string Out => Path.Combine(_folder, "out");

    private static readonly string[] Controls = ["control-correct", "control-ack-without-plus-one", "control-not-compiling"];

    // What each runtime attack does, where, and the reason its exercise's failing test must give.
    private static readonly (string Name, string File, string Handler, string Code, string Slug, string Reason)[] RuntimeAttacks =
    [
        ("stop-loop", EchoServer, "ServeAsync", "while (connection.Connected || !connection.Connected) { }", "06-echo-server", "timed out after 10 s"),
        ("stop-stack-overflow", RequestClient, "RunShortAsync", "static int Down(int n) => Down(n + 1) + 1; Down(0);", "07-short-vs-long", "a stack overflow"),
        ("stop-memory-hog", ResetHandling, "OnReset", "var hog = new List<byte[]>(); for (;;) hog.Add(new byte[1 << 20]);", "05-resets-and-retries", "OutOfMemory"),
        ("stop-giant-message", ClientHandshake, "OnConnect", "throw new InvalidOperationException(new string('x', 5_000_000));", "01-client-handshake", "xxxxxxxx"),
        ("leak-grader-path", ClientHandshake, "OnConnect", $"throw new InvalidOperationException(@\"{Root.FullName}/solutions/01-client-handshake/ClientHandshake.cs\");",
            "01-client-handshake", "InvalidOperationException"),
    ];

    [OneTimeSetUp]
    public async Task GradeTheClass()
    {
        _folder = Directory.CreateTempSubdirectory("tcpkata-hostile-").FullName;
        _submissions = Directory.CreateDirectory(Path.Combine(_folder, "submissions")).FullName;
        var controls = Directory.CreateDirectory(Path.Combine(_folder, "controls")).FullName;

        Write(_submissions, Of("control-correct", Solutions()));
        Write(_submissions, SolutionsWith("control-ack-without-plus-one", ClientHandshake, s => s.Replace("c.RcvNxt = seg.Seq + 1;", "c.RcvNxt = seg.Seq;")));
        Write(_submissions, SolutionsWith("control-not-compiling", PassiveClose, s => s.Replace("c.State = TcpState.CloseWait;", "c.State = TcpState.CloseWait")));
        foreach (var control in Controls) Shell($"cp -r '{Path.Combine(_submissions, control)}' '{controls}/'");

        // Cheating and getting out, by code: each refused at compile time.
        for (var i = 0; i < AllowlistTests.Attacks.Length; i++)
            Write(_submissions, AllowlistTests.WithAttack(AllowlistTests.Attacks[i].Code) with { Student = CodeAttack(i) });
        Write(_submissions, SolutionsWith("stop-compile-bomb", PassiveClose, s => s + Environment.NewLine
            + "class C<A, B, D, E, F, G> { class I : C<I, I, I, I, I, I> { I.I.I.I.I.I.I.I.I.I.I.I i; } }" + Environment.NewLine));
        // Stopping the class, by running.
        foreach (var attack in RuntimeAttacks) Write(_submissions, SolutionsWithFirst(attack.Name, attack.File, attack.Handler, attack.Code));
        // Bad input for the intake and the reports.
        Zip("grades.csv");
        Zip("summary.md");
        Zip("..");
        Zip("=HYPERLINK(\"http-evil\",\"x\")");
        Zip(new string('學', 80));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(_submissions, "input-symlink", ClientHandshake))!);
        File.CreateSymbolicLink(Path.Combine(_submissions, "input-symlink", ClientHandshake), Path.Combine(Root.FullName, "solutions", "01-client-handshake", "ClientHandshake.cs"));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(_submissions, "input-fifo", ClientHandshake))!);
        Shell($"mkfifo '{Path.Combine(_submissions, "input-fifo", ClientHandshake)}'");
        Directory.CreateDirectory(Path.Combine(_submissions, "input-deep"));
        Shell($"cd '{Path.Combine(_submissions, "input-deep")}' && for i in $(seq 1 25); do d=$(printf 'd%.0s' $(seq 1 200)); mkdir $d && cd $d; done");
        Write(_submissions, SolutionsWith("input-huge-file", EchoServer, s => s + "//" + new string('x', 300 * 1024)));
        Write(_submissions, Of("input-Twin", Solutions()));
        Write(_submissions, Of("input-twin", Solutions()));

        var grades = await ClassGrader.GradeAsync(Root, new GradingRequest(_submissions, Out, Jobs: 2, Sandbox: TestSandbox.Policy), TextWriter.Null);
        _grades = grades.ToDictionary(g => g.Submission.Student);
        _summary = File.ReadAllText(Path.Combine(Out, "summary.md"));
        _gradebook = File.ReadAllText(Path.Combine(Out, "grades.csv"));
        _controlsAlone = (await ClassGrader.GradeAsync(Root, new GradingRequest(controls, Path.Combine(_folder, "controls-out"), Jobs: 2, Sandbox: TestSandbox.Policy),
            TextWriter.Null)).ToDictionary(g => g.Submission.Student);
    }

    [OneTimeTearDown]
    public void RemoveTheClass() => Shell($"rm -rf '{_folder}'");

    private static string CodeAttack(int index) => $"code-{index + 1:00}-" + Regex.Replace(AllowlistTests.Attacks[index].Attack, "[^a-z]+", "-").Trim('-');

    [Test]
    public void TheCorpus_HasMoreThanFortyAttacks() =>
        Assert.That(_grades.Keys.Count(k => !Controls.Contains(k) && !k.StartsWith("input-Twin", StringComparison.Ordinal)) + 3 /* intake-only: fifo, deep, symlink */,
            Is.GreaterThanOrEqualTo(40));

    [Test]
    public void Controls_GradedWithTheAttacks_GetTheGradeTheyGetAlone() =>
        Assert.That(Controls.Select(c => (c, _grades[c].Score)), Is.EqualTo(Controls.Select(c => (c, _controlsAlone[c].Score))));

    [Test]
    public void EverySubmission_HasItsReportsAndARow_AndNoScorePassesItsMaximum()
    {
        var folders = Directory.EnumerateDirectories(Out).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(folders, Has.Count.EqualTo(_grades.Count));
            foreach (var folder in folders)
                foreach (var report in (string[])["results.json", "exercism-results.json", "junit.xml", "feedback.md"])
                    Assert.That(new FileInfo(Path.Combine(folder, report)).Length, Is.InRange(1, 2_000_000), $"{folder}/{report}");
            Assert.That(_gradebook.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(_grades.Count + 1));
            Assert.That(_grades.Values.SelectMany(g => g.Exercises), Has.All.Matches<ExerciseGrade>(e => e.Score <= e.MaxScore && e.Score >= 0));
            Assert.That(_grades.Values, Has.All.Matches<SubmissionGrade>(g => g.Score <= g.MaxScore));
        });
    }

    [Test]
    public void CodeAttacks_AreRefusedAtCompileTime_AndNamedInTheSummary()
    {
        Assert.Multiple(() =>
        {
            for (var i = 0; i < AllowlistTests.Attacks.Length; i++)
            {
                var student = CodeAttack(i);
                var exercise = _grades[student].Exercises.Single(e => e.Slug == "01-client-handshake");
                Assert.That(exercise.Compilation.Status, Is.AnyOf(CompileStatus.Refused, CompileStatus.CompileError), student);
                Assert.That(exercise.Score, Is.Zero, student);
                if (exercise.Compilation.Status == CompileStatus.Refused)
                    Assert.That(_summary, Does.Contain($"- {student}: 01-client-handshake: ").And.Contain(AllowlistTests.Attacks[i].Names), student);
            }
            Assert.That(_grades["stop-compile-bomb"].Exercises.Single(e => e.Slug == "03-passive-close").Compilation.Messages, Has.Some.Contains("took more than 10 s"));
            Assert.That(_summary, Does.Contain("- stop-compile-bomb: 03-passive-close: "));
        });
    }

    [Test]
    public void RuntimeAttacks_FailTheirTestsWithTheReason_AndCostOnlyFromTheirExerciseOn()
    {
        Assert.Multiple(() =>
        {
            foreach (var attack in RuntimeAttacks)
            {
                var grade = _grades[attack.Name];
                var hit = Catalog.Select(e => e.Slug).ToList().IndexOf(attack.Slug);
                Assert.That(grade.Exercises.Single(e => e.Slug == attack.Slug).Tests.Where(t => !t.Outcome.Passed).Select(t => t.Outcome.Message),
                    Has.Some.Contains(attack.Reason), attack.Name);
                Assert.That(grade.Exercises.Take(hit).Select(e => e.Score), Is.EqualTo(grade.Exercises.Take(hit).Select(e => e.MaxScore)), attack.Name + ": the exercises before it");
                if (attack.Name.StartsWith("stop-", StringComparison.Ordinal))
                    Assert.That(_summary[_summary.IndexOf("## Hangs, crashes and limits hit", StringComparison.Ordinal)..], Does.Contain($"- {attack.Name}: "), attack.Name);
            }
        });
    }

    [Test]
    public void StudentReports_AreBoundedAndHoldNoGraderPath()
    {
        var giant = File.ReadAllText(Path.Combine(Out, "stop-giant-message", "feedback.md"));
        var leak = string.Concat(Directory.EnumerateFiles(Path.Combine(Out, "leak-grader-path")).Select(File.ReadAllText));
        Assert.Multiple(() =>
        {
            Assert.That(giant, Does.Not.Contain(new string('x', Reports.StudentText.MaxLength + 1)), "a 5-million-character message is cut, in every test it fails");
            Assert.That(giant.Length, Is.LessThan(_grades["stop-giant-message"].Exercises.Sum(e => e.Tests.Count) * (Reports.StudentText.MaxLength + 500)));
            Assert.That(leak, Does.Not.Contain(Root.FullName));
        });
    }

    [Test]
    public void BadInput_IsReportedOrNeutralized_AndNothingLeavesTheOutputFolder()
    {
        var folders = Directory.EnumerateDirectories(Out).Select(Path.GetFileName).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(Path.Combine(Out, "grades.csv")), Does.StartWith("student,"), "a submission named grades.csv never overwrites it");
            Assert.That(_summary, Does.StartWith("# Class summary"), "nor one named summary.md");
            Assert.That(Directory.EnumerateFileSystemEntries(_folder).Select(Path.GetFileName), Is.EquivalentTo(new[] { "submissions", "controls", "out", "controls-out" }),
                "nothing written beside --out");
            Assert.That(folders, Has.All.Matches<string>(f => f.Length <= 90 && f != ".." && f != "."));
            Assert.That(_gradebook, Does.Not.Match("(^|\n|,)=HYPERLINK"), "a formula is never a formula in grades.csv");
            Assert.That(_grades["input-symlink"].Submission.Notes, Has.Some.Contains("symbolic link"));
            Assert.That(_grades["input-fifo"].Submission.Notes, Has.Some.Contains("not a regular file"));
            Assert.That(_grades["input-deep"].Submission.Notes, Has.Some.Contains("could not be read"));
            Assert.That(_grades["input-huge-file"].Submission.Notes, Has.Some.Contains("larger than"));
            Assert.That(folders, Does.Contain("input-Twin").And.Some.StartsWith("input-twin"));
            Assert.That(_summary, Does.Contain("input-symlink").And.Contain("input-fifo").And.Contain("input-deep"));
        });
    }

    private void Zip(string name)
    {
        using var zip = ZipFile.Open(Path.Combine(_submissions, name + ".zip"), ZipArchiveMode.Create);
        foreach (var (path, text) in Solutions())
            using (var writer = new StreamWriter(zip.CreateEntry(path).Open()))
                writer.Write(text);
    }

    private static void Write(string folder, Submission submission)
    {
        Directory.CreateDirectory(Path.Combine(folder, submission.Student));
        foreach (var (path, text) in submission.Files)
        {
            var file = Path.Combine(folder, submission.Student, path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, text);
        }
    }

    private static void Shell(string command)
    {
        using var process = System.Diagnostics.Process.Start("bash", ["-c", command])!;
        process.WaitForExit();
    }
}
