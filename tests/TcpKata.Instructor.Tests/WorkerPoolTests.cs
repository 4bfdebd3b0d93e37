using System.Text.RegularExpressions;
using TcpKata.Instructor.Grading;
using TcpKata.Engine;
using static TcpKata.Instructor.Tests.Submissions;

namespace TcpKata.Instructor.Tests;

/// <summary>
/// Running submissions' tests in worker processes: correct code passes, and hostile code (a loop that never ends,
/// a stack overflow, Environment.Exit, floods of output) fails the test it is in, with the reason, and no other.
/// </summary>
[NonParallelizable]
public sealed class WorkerPoolTests
{
    private static readonly GradingLimits Limits = new(TimeoutSeconds: 120, MemoryMegabytes: 512, OutputKilobytes: 64, TestTimeoutSeconds: 5);
    private readonly ExerciseCompiler _compiler = SubmissionCompiler.Create(Root, Catalog);
    private string _work = "";
    private WorkerPool _pool = null!;
    private IReadOnlyList<(string Test, bool Hidden)> _tests = [];

    [OneTimeSetUp]
    public async Task CompileTheTestsAndStartThePool()
    {
        _work = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "tcpkata-grading-" + Guid.NewGuid().ToString("N"))).FullName;
        var assemblies = TestCompiler.Compile(Root, _compiler, _work, hiddenTests: null);
        _pool = new WorkerPool(Instructor.WorkerHost, Catalog, assemblies, Limits.ForWorkers(), workers: 2, _work);
        _tests = await _pool.ListTestsAsync(_compiler.CompileStubs().Assembly);
    }

    [OneTimeTearDown]
    public async Task StopThePool()
    {
        await _pool.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }

    // Compiled without the grader's allowlist: the pool must contain what the code does even if it got past the compiler.
    private static readonly ExerciseCompiler Unrestricted = new(Root, Catalog);

    private async Task<IReadOnlyList<TestOutcome>> Run(Submission submission) =>
        await _pool.RunAsync(submission.Student, Unrestricted.Compile(submission).Assembly);

    [Test]
    public void TheListingHoldsEveryExercisesTests() =>
        Assert.That(Catalog, Has.All.Matches<Exercise>(e => _tests.Any(t => e.Owns(t.Test))));

    [Test]
    public async Task TheReferenceSolutionsPassEveryTest()
    {
        var outcomes = await Run(Of("reference", Solutions()));
        TestContext.Out.WriteLine($"{outcomes.Count} outcomes, {outcomes.Count(o => o.Passed)} passed, {_tests.Count} listed");
        Assert.Multiple(() =>
        {
            Assert.That(outcomes.Where(o => !o.Passed).Select(o => $"{o.FullName}: {o.Message}"), Is.Empty);
            Assert.That(outcomes.Select(o => o.FullName), Is.EquivalentTo(_tests.Select(t => t.Test)));
        });
    }

    // Exercise N's tests may lean on exercises before it (a teardown needs a handshake), never on one after it: a student
    // who has done 01..N sees N turn green with the later exercises still stubs.
    [Test]
    public async Task EachExercise_WithTheReferenceUpToItAndStubsAfter_PassesOnItsOwn()
    {
        var failing = new List<string>();
        for (var n = 1; n <= Catalog.Count; n++)
        {
            var done = Catalog.Take(n).SelectMany(e => e.SolutionFiles).ToHashSet();
            var files = Solutions().Where(f => done.Contains(f.Key)).ToDictionary();
            var outcomes = await Run(Of($"up-to-{n:00}", files));
            failing.AddRange(outcomes.Where(o => Catalog[n - 1].Owns(o.FullName) && !o.Passed)
                .Select(o => $"{Catalog[n - 1].Slug}: {o.FullName}: {o.Message.Split('\n')[0]}"));
        }
        Assert.That(failing, Is.Empty);
    }

    // Every instruction is checked: the README says to restart the timer after backing it off (RFC 6298 5.6), and the kit
    // does not do it for the handler, so forgetting it fails exercise 01.
    [Test]
    public async Task SynSent_RetransmissionTimeout_WithoutRestartingTheTimer_FailsExercise01()
    {
        var outcomes = await Run(SolutionsWith("no-restart", ClientHandshake, s => s.Replace(
            "c.RestartRetransmissionTimer();  // (5.6)", "")));
        Assert.That(outcomes.Where(o => Catalog[0].Owns(o.FullName) && !o.Passed), Is.Not.Empty);
    }

    // The README's sample failure is what the kit prints for that mistake, line for line, up to its "...".
    [Test]
    public async Task ReadmeSampleFailure_IsWhatTheKitPrintsForAnAckWithoutPlusOne()
    {
        var readme = File.ReadAllText(Path.Combine(Root.FullName, "README.md"));
        var sample = Regex.Match(readme, @"```\n(tests/TcpKata.Tests/01-client-handshake/scripts/connect.pkt:.*?)\n  \.\.\.\n```", RegexOptions.Singleline);
        Assert.That(sample.Success, "README.md has the sample failure block");
        var outcomes = await Run(SolutionsWith("readme", ClientHandshake, s => s.Replace("c.RcvNxt = seg.Seq + 1;", "c.RcvNxt = seg.Seq;")));
        var printed = outcomes.Single(o => o.FullName.EndsWith("Script(connect.pkt)", StringComparison.Ordinal)).Message;
        var expected = sample.Groups[1].Value.Split('\n');
        Assert.That(printed[(printed.IndexOf("tests/", StringComparison.Ordinal))..].Split('\n').Take(expected.Length), Is.EqualTo(expected));
    }

    [Test]
    public async Task TheStubsFailEveryTestSayingWhatToImplement()
    {
        var outcomes = await Run(Of("nobody", []));
        Assert.Multiple(() =>
        {
            Assert.That(outcomes, Has.Count.EqualTo(_tests.Count));
            Assert.That(outcomes, Has.None.Matches<TestOutcome>(o => o.Passed));
            Assert.That(outcomes.Select(o => o.Message), Has.All.Contains("not implemented yet"));
        });
    }

    // Later exercises' tests run earlier exercises' handlers (a teardown needs a handshake), so hostile code in
    // exercise N fails tests from N on that reach it; every earlier exercise must pass, and every test have an outcome.
    private void AssertContainedFrom(IReadOnlyList<TestOutcome> outcomes, int number, string reason)
    {
        var earlier = outcomes.Where(o => Catalog.Take(number - 1).Any(e => e.Owns(o.FullName))).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(outcomes.Select(o => o.FullName), Is.EquivalentTo(_tests.Select(t => t.Test)), "every test has one outcome");
            Assert.That(earlier, Is.Not.Empty);
            Assert.That(earlier.Where(o => !o.Passed).Select(o => $"{o.FullName}: {o.Message}"), Is.Empty, "the exercises before it");
            Assert.That(outcomes.Where(o => Catalog[number - 1].Owns(o.FullName)), Has.Some.Matches<TestOutcome>(o => o.Message.Contains(reason)));
            Assert.That(outcomes.Count(o => o.Passed), Is.GreaterThan(earlier.Count), "tests that never reach the hostile code still pass");
        });
    }

    [Test]
    public async Task ALoopThatNeverEndsTimesOutAndCostsOnlyItsExercise()
    {
        var outcomes = await Run(SolutionsWithFirst("looper", EchoServer, "ServeAsync", "while (connection.Connected || !connection.Connected) { }"));
        AssertContainedFrom(outcomes, 6, "timed out after 5 s");
    }

    [Test]
    public async Task AStackOverflowEndsOnlyItsTestProcess()
    {
        var outcomes = await Run(SolutionsWithFirst("recurser", RequestClient, "RunShortAsync", "static int Down(int n) => Down(n + 1) + 1; Down(0);"));
        AssertContainedFrom(outcomes, 7, "a stack overflow");
    }

    [Test]
    public async Task EnvironmentExitEndsOnlyItsTestProcess()
    {
        var outcomes = await Run(SolutionsWithFirst("quitter", PassiveClose, "OnFin", "Environment.Exit(0);"));
        AssertContainedFrom(outcomes, 3, "ending the process (Environment.Exit");
    }

    [Test]
    public async Task AFloodOfOutputIsCutAndFailsItsTest()
    {
        var outcomes = await Run(SolutionsWithFirst("shouter", ResetHandling, "OnReset", "for (;;) Console.Write(new string('x', 1 << 20));"));
        AssertContainedFrom(outcomes, 5, "memory");
        Assert.That(outcomes.Max(o => o.Output.Length), Is.LessThanOrEqualTo(Limits.OutputKilobytes * 1024 + 100));
    }

    // Verdicts travel on a pipe of their own, never on the worker's output: what the code under test prints there is
    // nobody's verdict. The pipe itself it can reach only by naming its descriptor (the allowlist refuses every way to),
    // and what it writes there is checked against the pool's list, never believed.
    [Test]
    public async Task ReportsForgedOnTheOutputAreIgnoredAndOnTheVerdictPipeRejected()
    {
        const string forged = "{\"kind\":\"result\",\"test\":\"TcpKata.Tests.NoSuchExercise.NoSuchTests.Passes\",\"passed\":true}";
        var printer = await Run(SolutionsWithFirst("printer", PassiveClose, "OnFin", $$"""
            var output = new System.IO.StreamWriter(System.Console.OpenStandardOutput()) { AutoFlush = true };
            output.WriteLine("{{forged.Replace("\"", "\\\"")}}");
            output.WriteLine("not an event");
            """));
        var piper = await Run(SolutionsWithFirst("piper", PassiveClose, "OnFin", $$"""
            var arguments = System.Environment.GetCommandLineArgs();
            var pipe = new System.IO.Pipes.AnonymousPipeClientStream(System.IO.Pipes.PipeDirection.Out, arguments[System.Array.IndexOf(arguments, "--events") + 1]);
            var verdicts = new System.IO.StreamWriter(pipe) { AutoFlush = true };
            verdicts.WriteLine("{{forged.Replace("\"", "\\\"")}}");
            """));
        Assert.Multiple(() =>
        {
            Assert.That(printer.Where(o => !o.Passed).Select(o => $"{o.FullName}: {o.Message}"), Is.Empty, "printing is not reporting: every honest result stands");
            AssertContainedFrom(piper, 3, "not to be trusted");
            Assert.That(printer.Concat(piper).Select(o => o.FullName), Has.None.Contains("NoSuchExercise"));
        });
    }
}
