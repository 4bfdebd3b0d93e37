using System.Text.RegularExpressions;
using TcpKata.Cli.Loop;

namespace TcpKata.Cli.Tests;

/// <summary>
/// The fast loop (<c>tcpkata test</c>, <c>watch</c>) on a copy of the repository's exercises and tests: the working copy
/// compiled in memory, one exercise's tests run in a warm worker, the report ending with where to start.
/// </summary>
[NonParallelizable]
public sealed class LoopTests
{
    private RepositoryCopy _copy = null!;

    private const string ClientFile = "exercises/01-client-handshake/ClientHandshake.cs";

    [OneTimeSetUp]
    public void CopyTheRepository() => _copy = new RepositoryCopy();

    [OneTimeTearDown]
    public async Task RemoveTheCopy() => await _copy.DisposeAsync();

    [TearDown]
    public void RestoreTheStubs() => _copy.RestoreStubs();

    private async Task<(LoopRound Round, string Report)> Run(string exercise = "01")
    {
        var round = await _copy.Loop.RunAsync(_copy.Catalog.Find(exercise)!);
        var report = new StringWriter();
        LoopReport.Write(round, report);
        return (round, report.ToString());
    }

    private void Write(string text) => _copy.Write(ClientFile, text);

    private static string Reference => File.ReadAllText(Path.Combine(Repository.Root, "solutions/01-client-handshake/ClientHandshake.cs"));

    [Test]
    public async Task Loop_UntouchedStubs_PrintOneMessagePerStubAndEndWithWhereToStart()
    {
        var (round, report) = await Run();
        var lines = report.TrimEnd().Split(Environment.NewLine);
        Assert.Multiple(() =>
        {
            Assert.That(round.Outcomes, Is.Not.Empty.And.All.Matches<TestOutcome>(o => !o.Passed));
            Assert.That(round.Outcomes, Has.All.Matches<TestOutcome>(o => _copy.Catalog[0].Owns(o.FullName)), "only exercise 01's tests run");
            Assert.That(lines.Length, Is.LessThan(60), "a screen or two, not a message per test");
            var start = Array.IndexOf(lines, "── start here ──");
            Assert.That(start, Is.GreaterThan(0).And.GreaterThanOrEqualTo(lines.Length - 6), "the start-here block ends the report");
            Assert.That(string.Join("\n", lines[start..]), Does.Contain("not implemented yet: ClientHandshake.OnConnect")
                .And.Match(@"handler: ClientHandshake\.OnConnect in exercises/01-client-handshake/ClientHandshake\.cs:\d+"));
        });
    }

    [Test]
    public async Task Loop_ReferenceCode_PassesTheExercise()
    {
        Write(Reference);
        var (round, report) = await Run();
        Assert.Multiple(() =>
        {
            Assert.That(round.Outcomes, Has.Count.GreaterThan(10).And.All.Matches<TestOutcome>(o => o.Passed), report);
            Assert.That(report, Does.Contain("exercise 01-client-handshake is done").And.Not.Contain("start here"));
        });
    }

    [Test]
    public async Task Loop_CompileError_IsPrintedAsTheCompilerPrintsItAndNoTestRuns()
    {
        Write(Reference.Replace("c.SndUna = c.Iss;", "c.SndUna = c.Iss"));
        var (round, report) = await Run();
        Assert.Multiple(() =>
        {
            Assert.That(round.Outcomes, Is.Empty);
            Assert.That(report, Does.Match(@"exercises/01-client-handshake/ClientHandshake\.cs\(\d+,\d+\): error CS1002: ; expected"));
            Assert.That(report, Does.Contain("── start here ──"));
        });
    }

    [Test]
    public async Task Loop_CompilerWarning_StopsTheRunAsTheProjectsDo()
    {
        Write(Reference.Replace("c.SndUna = c.Iss;", "c.SndUna = c.Iss; int unused = 0;"));
        var (round, report) = await Run();
        Assert.Multiple(() =>
        {
            Assert.That(round.Outcomes, Is.Empty);
            Assert.That(report, Does.Contain("error CS0219").And.Contain("warnings as errors"));
        });
    }

    [Test]
    public async Task Loop_TcpkFinding_IsShownWithTheVerdict()
    {
        Write(Reference.Replace("c.Iss = c.NewIsn();", "c.Iss = 1000;"));
        var (round, report) = await Run();
        Assert.Multiple(() =>
        {
            Assert.That(round.Build.Findings.Select(f => f.Id), Does.Contain("TCPK004"));
            Assert.That(report, Does.Match(@"exercises/01-client-handshake/ClientHandshake\.cs\(\d+,\d+\): warning TCPK004"));
            Assert.That(report, Does.Contain("passing"), "a finding never stops the tests");
        });
    }

    [Test]
    public async Task Loop_FailingScript_StartHereNamesItsExplorerPageInTheStateFolder()
    {
        Write(Reference.Replace("            c.State = TcpState.Established;\n", ""));
        var (_, report) = await Run();
        var start = report[report.IndexOf("── start here ──", StringComparison.Ordinal)..];
        var page = Regex.Match(start, @"step through it: (?<path>\S+\.html)").Groups["path"].Value;
        Assert.Multiple(() =>
        {
            Assert.That(page, Does.StartWith(Path.Combine(_copy.Root, ".tcpkata", "explorer")), start);
            Assert.That(File.Exists(page), Is.True, page);
            Assert.That(Tracing.Explorer.TraceExplorerPage.DataOf(File.ReadAllText(page)), Does.Contain("ClientHandshake.OnSegmentInSynSent"),
                "the page names the handler");
        });
    }

    [Test]
    public async Task Loop_AnEarlierStepLeftUndone_StartsHereWithThisExerciseNotTheNextOnesStub()
    {
        // SND.NXT never moves past the SYN: the handshake cannot complete.
        Write(Reference.Replace("c.SndNxt = c.Iss + 1; // the SYN occupies one sequence number", ""));
        var (round, report) = await Run();
        var start = report[report.IndexOf("── start here ──", StringComparison.Ordinal)..];
        Assert.Multiple(() =>
        {
            Assert.That(round.Outcomes, Has.Some.Matches<TestOutcome>(o => !o.Passed));
            Assert.That(start, Does.Not.Contain("not implemented yet"));
        });
    }
}
