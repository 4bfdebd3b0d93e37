using TcpKata.Scenarios;
using TcpKata.Testing;
using TcpKata.Tracing;

namespace TcpKata.Kit.Tests;

/// <summary>A text trace read back (a verified snapshot drawn as the expected side of a failure page) renders as it was written.</summary>
public sealed class TraceTextTests
{
    private static IEnumerable<TestCaseData> VerifiedScenarioTraces() =>
        Directory.EnumerateFiles(Path.Combine(Repository.Root, "tests", "TcpKata.Tests", "Scenarios"), "*.verified.txt").Order(StringComparer.Ordinal)
            .Select(f => new TestCaseData(f).SetArgDisplayNames(Path.GetFileName(f)));

    [TestCaseSource(nameof(VerifiedScenarioTraces))]
    public void VerifiedSnapshot_ReadBack_RendersTheSameText(string path)
    {
        var text = File.ReadAllText(path).Replace("\r\n", "\n");
        Assert.That(TraceText.Parse(text, Path.GetFileName(path)).Render(), Is.EqualTo(text));
    }

    [Test]
    public void Run_ReadBack_KeepsStatesHostsAndWhatTheNetworkDid()
    {
        var sim = ScenarioCatalog.Find("lossy")!.Run(Reference.Handlers(), seed: 3);
        var text = sim.Trace.Render(includeDeliveries: true);
        var read = TraceText.Parse(text);
        Assert.Multiple(() =>
        {
            Assert.That(read.Render(includeDeliveries: true), Is.EqualTo(text));
            // An app's line and a note read alike ("server listen(...)"); every other kind comes back as it was.
            Assert.That(read.Events.Select(e => Kind(e.Kind)), Is.EqualTo(sim.Trace.Events.Select(e => Kind(e.Kind))));
            Assert.That(read.Events.Where(e => e.Kind == TraceKind.State).Select(e => e.NewState),
                Is.EqualTo(sim.Trace.Events.Where(e => e.Kind == TraceKind.State).Select(e => e.NewState)));
            Assert.That(LadderRenderer.BusiestPair(read), Is.EqualTo(LadderRenderer.BusiestPair(sim.Trace)));
        });
    }

    private static TraceKind Kind(TraceKind k) => k == TraceKind.App ? TraceKind.Note : k;

    [Test]
    public void Garbage_Line_NamesFileAndLine()
    {
        var e = Assert.Throws<FormatException>(() => TraceText.Parse("0.000000 server listen(port 80, backlog 8)\nnot a trace line\n", "x.verified.txt"));
        Assert.That(e!.Message, Does.StartWith("x.verified.txt:2: not a trace line"));
    }
}
