using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using TcpKata.Instructor.Grading;
using TcpKata.Engine;
using TcpKata.Tracing.Explorer;
using static TcpKata.Instructor.Tests.Submissions;

namespace TcpKata.Instructor.Tests;

/// <summary>
/// tcpkata-instructor grade over a class of synthetic submissions: correct, each exercise broken in a typical way, not
/// compiling, hostile. Each gets the score and the message it should, and the four report formats are valid.
/// Graded once (it takes a while); each test reads the results.
/// </summary>
[NonParallelizable]
public sealed class ClassGraderTests
{
    private string _folder = "";
    private Dictionary<string, SubmissionGrade> _grades = [];
    private string Out => Path.Combine(_folder, "out");

    private const string HiddenTest = """"
        using TcpKata.Tests.Support;

        namespace TcpKata.Tests.Exercise01_ClientHandshake;

        public sealed class ClientHandshakeHiddenTests
        {
            [Test]
            public void Closed_Connect_SendsOneSynAndWaits()
            {
                var run = Pkt.Run("""
                    0  socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
                    +0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0
                    +0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)
                    +0 > S 0:0(0) win 65535 <mss 1460>
                    """);
                Assert.That(run.Connection().State, Is.EqualTo(TcpState.SynSent));
            }
        }
        """";

    [OneTimeSetUp]
    public async Task GradeTheClass()
    {
        _folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "tcpkata-class-" + Guid.NewGuid().ToString("N"))).FullName;
        var submissions = Directory.CreateDirectory(Path.Combine(_folder, "submissions")).FullName;
        void Folder(Submission s)
        {
            foreach (var (path, text) in s.Files)
            {
                var file = Path.Combine(submissions, s.Student, path);
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                File.WriteAllText(file, text);
            }
        }
        Folder(Of("correct", Solutions()));
        Folder(SolutionsWith("ack-without-plus-one", ClientHandshake, s => s.Replace("c.RcvNxt = seg.Seq + 1;", "c.RcvNxt = seg.Seq;")));
        Folder(SolutionsWith("no-time-wait", "exercises/04-active-close/ActiveClose.cs", s => s.Replace("c.State = TcpState.TimeWait;\n        c.StartTimeWaitTimer();", "c.State = TcpState.Closed;")));
        Folder(SolutionsWith("never-closes", EchoServer, s => s.Replace("using var socket = connection;", "var socket = connection;")));
        Folder(SolutionsWith("not-compiling", PassiveClose, s => s.Replace("c.State = TcpState.CloseWait;", "c.State = TcpState.CloseWait")));
        Folder(SolutionsWithFirst("infinite-loop", EchoServer, "ServeAsync", "while (connection.Connected || !connection.Connected) { }"));
        Folder(SolutionsWithFirst("stack-overflow", RequestClient, "RunShortAsync", "static int Down(int n) => Down(n + 1) + 1; Down(0);"));
        Folder(SolutionsWithFirst("environment-exit", RequestClient, "RunLongAsync", "Environment.Exit(3);"));
        Folder(SolutionsWithFirst("memory-hog", ResetHandling, "OnReset", "var hog = new List<byte[]>(); for (;;) hog.Add(new byte[1 << 20]);"));
        Folder(SolutionsWith("file-snooping", ClientHandshake, s => s.Replace("c.Iss = c.NewIsn();", "c.Iss = c.NewIsn(); _ = File.ReadAllText(\"../correct/exercises/01-client-handshake/ClientHandshake.cs\");")));
        Directory.CreateDirectory(Path.Combine(submissions, "empty"));
        using (var zip = ZipFile.Open(Path.Combine(submissions, "zipped.zip"), ZipArchiveMode.Create))
            foreach (var (path, text) in Solutions())
                using (var writer = new StreamWriter(zip.CreateEntry("tcpkata-zipped-main/" + path).Open())) writer.Write(text);
        var hidden = Directory.CreateDirectory(Path.Combine(_folder, "hidden")).FullName;
        File.WriteAllText(Path.Combine(hidden, "ClientHandshakeHiddenTests.cs"), HiddenTest);

        var grades = await ClassGrader.GradeAsync(Root, new GradingRequest(submissions, Out, hidden, Jobs: 2, Sandbox: TestSandbox.Policy), TextWriter.Null);
        _grades = grades.ToDictionary(g => g.Submission.Student);
    }

    [OneTimeTearDown]
    public void RemoveTheClass() => Directory.Delete(_folder, recursive: true);

    private ExerciseGrade Exercise(string student, string slug) => _grades[student].Exercises.Single(e => e.Slug == slug);

    private double Score(string student, string slug) => Exercise(student, slug).Score;

    private IEnumerable<TestOutcome> Failing(string student, string slug) =>
        _grades[student].Exercises.Single(e => e.Slug == slug).Tests.Where(t => !t.Outcome.Passed).Select(t => t.Outcome);

    [Test]
    public void EverySubmissionIsScored() =>
        Assert.That(_grades.Keys, Is.EquivalentTo(new[] { "correct", "ack-without-plus-one", "no-time-wait", "never-closes", "not-compiling", "infinite-loop",
            "stack-overflow", "environment-exit", "memory-hog", "file-snooping", "empty", "zipped" }));

    [Test]
    public void TheCorrectSubmissionsGetFullMarksFromAFolderOrAZip() =>
        Assert.Multiple(() =>
        {
            Assert.That(_grades["correct"].Score, Is.EqualTo(100));
            Assert.That(_grades["zipped"].Score, Is.EqualTo(100));
        });

    [Test]
    public void AnEmptySubmissionGetsNothing() => Assert.That(_grades["empty"].Score, Is.Zero);

    [Test]
    public void AckWithoutPlusOneLosesHandshakeTestsAndPaysForItsFinding()
    {
        var exercise = _grades["ack-without-plus-one"].Exercises.Single(e => e.Slug == "01-client-handshake");
        Assert.Multiple(() =>
        {
            Assert.That(exercise.Score, Is.LessThan(15));
            Assert.That(exercise.Penalty, Is.GreaterThan(0));
            Assert.That(exercise.Compilation.Findings.Select(f => f.Id), Has.Member("TCPK005"));
            Assert.That(Failing("ack-without-plus-one", "01-client-handshake").Select(o => o.Message), Has.Some.Contains("handler contract: ClientHandshake.OnSegmentInSynSent left RCV.NXT"));
        });
    }

    [Test]
    public void NoTimeWaitLosesActiveCloseTestsOnly()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Score("no-time-wait", "04-active-close"), Is.LessThan(20));
            Assert.That(Failing("no-time-wait", "04-active-close").Select(o => o.Message), Has.Some.Contains("TIME_WAIT").Or.Some.Contains("TimeWait"));
            Assert.That(Score("no-time-wait", "01-client-handshake"), Is.EqualTo(15));
        });
    }

    [Test]
    public void NeverClosingOnAZeroByteReceiveLeavesCloseWaitAndIsAFinding()
    {
        var exercise = _grades["never-closes"].Exercises.Single(e => e.Slug == "06-echo-server");
        Assert.Multiple(() =>
        {
            Assert.That(exercise.Score, Is.LessThan(10));
            Assert.That(exercise.Compilation.Findings.Select(f => f.Id), Has.Member("TCPK001"));
            Assert.That(Failing("never-closes", "06-echo-server").Select(o => o.FullName), Has.Some.Contains("LeavingNothingInCloseWait"));
        });
    }

    [Test]
    public void ACompileErrorZeroesThatExerciseAndNoOther()
    {
        var exercise = _grades["not-compiling"].Exercises.Single(e => e.Slug == "03-passive-close");
        Assert.Multiple(() =>
        {
            Assert.That(exercise.Score, Is.Zero);
            Assert.That(exercise.Compilation.Status, Is.EqualTo(CompileStatus.CompileError));
            Assert.That(exercise.Compilation.Messages, Has.Some.Contains("error CS1002"));
            Assert.That(Score("not-compiling", "01-client-handshake"), Is.EqualTo(15));
            Assert.That(Score("not-compiling", "02-server-handshake"), Is.EqualTo(15));
        });
    }

    [Test]
    public void HostileSubmissionsFailTheTestsTheyHitWithTheReason()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Failing("infinite-loop", "06-echo-server").Select(o => o.Message), Has.Some.StartsWith("timed out after 10 s"));
            Assert.That(Failing("stack-overflow", "07-short-vs-long").Select(o => o.Message), Has.Some.Contains("a stack overflow"));
            Assert.That(Exercise("environment-exit", "07-short-vs-long").Compilation.Messages, Has.Some.Contains("GRADE001: System.Environment is not allowed"));
            Assert.That(Failing("memory-hog", "05-resets-and-retries").Select(o => o.Message), Has.Some.Contains("OutOfMemory"));
            foreach (var hostile in new[] { "infinite-loop", "stack-overflow", "environment-exit", "memory-hog" })
                Assert.That(Score(hostile, "01-client-handshake") + Score(hostile, "02-server-handshake"), Is.EqualTo(30), hostile + " keeps the exercises it did not break");
        });
    }

    [Test]
    public void ReadingAnotherStudentsFilesIsRefusedAtCompileTime()
    {
        var exercise = _grades["file-snooping"].Exercises.Single(e => e.Slug == "01-client-handshake");
        Assert.Multiple(() =>
        {
            Assert.That(exercise.Compilation.Status, Is.EqualTo(CompileStatus.Refused));
            Assert.That(exercise.Score, Is.Zero);
            Assert.That(File.ReadAllText(Path.Combine(Out, "file-snooping", "feedback.md")), Does.Contain("Uses what the grader refuses").And.Contain("System.IO.File is not allowed"));
        });
    }

    [Test]
    public void HiddenTestsCountButShowNoDetails()
    {
        var hidden = _grades["ack-without-plus-one"].Exercises.SelectMany(e => e.Tests).Where(t => t.Outcome.Hidden).ToList();
        using var gradescope = JsonDocument.Parse(File.ReadAllText(Path.Combine(Out, "correct", "results.json")));
        var entry = gradescope.RootElement.GetProperty("tests").EnumerateArray().Single(t => t.GetProperty("name").GetString()!.Contains("HiddenTests"));
        Assert.Multiple(() =>
        {
            Assert.That(hidden.Select(t => t.Outcome.FullName), Is.EqualTo(new[] { "TcpKata.Tests.Exercise01_ClientHandshake.ClientHandshakeHiddenTests.Closed_Connect_SendsOneSynAndWaits" }));
            Assert.That(entry.GetProperty("visibility").GetString(), Is.EqualTo("after_published"));
            Assert.That(entry.GetProperty("status").GetString(), Is.EqualTo("passed"));
        });
    }

    [Test]
    public void GradescopeResultsAreValid()
    {
        foreach (var student in _grades.Keys)
        {
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Out, student, "results.json")));
            var root = json.RootElement;
            var tests = root.GetProperty("tests").EnumerateArray().ToList();
            Assert.Multiple(() =>
            {
                Assert.That(root.GetProperty("score").GetDouble(), Is.EqualTo(_grades[student].Score).Within(0.01), student);
                Assert.That(root.GetProperty("max_score").GetDouble(), Is.EqualTo(100));
                Assert.That(tests, Is.Not.Empty);
                Assert.That(tests.Select(t => t.GetProperty("status").GetString()), Has.All.Matches<string>(s => s is "passed" or "failed"));
                Assert.That(tests.Select(t => t.GetProperty("visibility").GetString()), Has.All.Matches<string>(s => s is "visible" or "after_published"));
                Assert.That(tests.Sum(t => t.GetProperty("score").GetDouble()), Is.EqualTo(_grades[student].Score).Within(0.05), student);
            });
        }
    }

    [Test]
    public void GradescopeOutput_FailingTest_IsMarkdownWithTheMessageInACodeBlock()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Out, "ack-without-plus-one", "results.json")));
        var root = json.RootElement;
        var failing = root.GetProperty("tests").EnumerateArray().First(t => t.GetProperty("status").GetString() == "failed"
                                                                            && t.GetProperty("visibility").GetString() == "visible");
        var output = failing.GetProperty("output").GetString()!;
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("output_format").GetString(), Is.EqualTo("md"));
            Assert.That(root.GetProperty("test_output_format").GetString(), Is.EqualTo("md"));
            Assert.That(failing.GetProperty("output_format").GetString(), Is.EqualTo("md"));
            Assert.That(output, Does.StartWith("```\n").And.Contain("\n```"), "the kit's message and ladder keep their columns");
        });
    }

    [Test]
    public void ExercismResultsFollowVersion3()
    {
        foreach (var student in _grades.Keys)
        {
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Out, student, "exercism-results.json")));
            var root = json.RootElement;
            var status = root.GetProperty("status").GetString();
            Assert.Multiple(() =>
            {
                Assert.That(root.GetProperty("version").GetInt32(), Is.EqualTo(3));
                Assert.That(status, Is.AnyOf("pass", "fail", "error"));
                if (status == "error") Assert.That(root.GetProperty("message").GetString(), Is.Not.Empty);
                Assert.That(root.GetProperty("tests").EnumerateArray().Select(t => t.GetProperty("status").GetString()), Has.All.Matches<string>(s => s is "pass" or "fail" or "error"));
                Assert.That(root.GetProperty("tests").EnumerateArray().Select(t => t.TryGetProperty("output", out var o) ? o.GetString()!.Length : 0),
                    Has.All.LessThanOrEqualTo(ExercismReportMaxOutput));
            });
        }
        Assert.That(JsonDocument.Parse(File.ReadAllText(Path.Combine(Out, "correct", "exercism-results.json"))).RootElement.GetProperty("status").GetString(), Is.EqualTo("pass"));
        Assert.That(JsonDocument.Parse(File.ReadAllText(Path.Combine(Out, "empty", "exercism-results.json"))).RootElement.GetProperty("status").GetString(), Is.EqualTo("error"));
    }

    private const int ExercismReportMaxOutput = TcpKata.Instructor.Reports.ExercismReport.MaxOutput;

    [Test]
    public void JUnitXmlParsesAndCountsItsTestCases()
    {
        foreach (var student in _grades.Keys)
        {
            var root = XDocument.Load(Path.Combine(Out, student, "junit.xml")).Root!;
            var cases = root.Descendants("testcase").ToList();
            Assert.Multiple(() =>
            {
                Assert.That(root.Name.LocalName, Is.EqualTo("testsuites"));
                Assert.That(int.Parse(root.Attribute("tests")!.Value, CultureInfo.InvariantCulture), Is.EqualTo(cases.Count));
                Assert.That(int.Parse(root.Attribute("failures")!.Value, CultureInfo.InvariantCulture), Is.EqualTo(cases.Count(c => c.Element("failure") is not null)));
            });
        }
    }

    [Test]
    public void TheGradebookHasARowPerSubmission()
    {
        var lines = File.ReadAllLines(Path.Combine(Out, "grades.csv"));
        Assert.Multiple(() =>
        {
            Assert.That(lines[0], Does.StartWith("student,score,max_score,01-client-handshake,"));
            Assert.That(lines.Skip(1).Select(l => l.Split(',')[0]), Is.EquivalentTo(_grades.Keys));
            Assert.That(lines.Skip(1).Select(l => double.Parse(l.Split(',')[1], CultureInfo.InvariantCulture)), Has.All.InRange(0, 100));
        });
    }

    [Test]
    public void Feedback_FailingScript_LinksAnExplorerPageTheGraderDrewFromTheRunsData()
    {
        var folder = Path.Combine(Out, "ack-without-plus-one");
        var feedback = File.ReadAllText(Path.Combine(folder, "feedback.md"));
        var links = Regex.Matches(feedback, @"\]\((explorer/[^)]+\.html)\)").Select(m => m.Groups[1].Value).ToList();
        var hidden = _grades["ack-without-plus-one"].Exercises.SelectMany(e => e.Tests).Where(t => t.Outcome.Hidden).Select(t => t.Outcome.FullName.Split('.')[^1]);
        Assert.Multiple(() =>
        {
            Assert.That(links, Is.Not.Empty, "each failing script's page is linked");
            Assert.That(links, Has.All.Matches<string>(l => File.Exists(Path.Combine(folder, l))));
            Assert.That(TraceExplorerPage.DataOf(File.ReadAllText(Path.Combine(folder, links[0]))), Does.Contain("\"difference\"").And.Contain("\"handler\""));
            Assert.That(links, Has.None.Matches<string>(l => hidden.Any(h => l.Contains(h, StringComparison.Ordinal))), "a hidden test gets no page");
            Assert.That(feedback + File.ReadAllText(Path.Combine(folder, "results.json")), Does.Not.Contain("explorer: "),
                "the path the page had inside the sandbox is not shown");
        });
    }

    [Test]
    public void FeedbackShowsTheFailingTracesAndTheSummaryTheCommonFailures()
    {
        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(Path.Combine(Out, "ack-without-plus-one", "feedback.md")), Does.Contain("the same, as a ladder").And.Contain("trace so far"));
            Assert.That(File.ReadAllText(Path.Combine(Out, "not-compiling", "feedback.md")), Does.Contain("**Does not compile**"));
            var summary = File.ReadAllText(Path.Combine(Out, "summary.md"));
            Assert.That(summary, Does.Contain("| 03-passive-close |").And.Contain("## Most common failing tests").And.Contain("## Hangs, crashes and limits hit"));
            Assert.That(summary, Does.Contain("## Refused at compile time").And.Contain("file-snooping: 01-client-handshake:").And.Contain("System.IO.File"),
                "each refusal is named with its symbol and file:line");
        });
    }
}
