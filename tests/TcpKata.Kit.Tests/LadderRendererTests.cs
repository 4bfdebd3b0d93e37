using TcpKata.Scenarios;
using TcpKata.Testing;
using TcpKata.Tracing;

namespace TcpKata.Kit.Tests;

public sealed class LadderRendererTests
{
    private static string Ladder(string scenario)
    {
        var sim = ScenarioCatalog.Find(scenario)!.Run(Reference.Handlers());
        var (left, right) = LadderRenderer.BusiestPair(sim.Trace)!.Value;
        return LadderRenderer.Render(sim.Trace, left, right);
    }

    [Test]
    public void HandshakeAndTeardownAsALadder() => Snapshot.Verify(Ladder("close"));

    [Test]
    public void LostSegmentEndsInAnXAndTheRetransmissionCrosses() => Snapshot.Verify(Ladder("synack-lost"));

    [Test]
    public void MermaidSequenceDiagramOfALostSynAck()
    {
        var sim = ScenarioCatalog.Find("synack-lost")!.Run(Reference.Handlers());
        Snapshot.Verify(LadderRenderer.RenderMermaid(sim.Trace, "client", "server"));
    }

    [Test]
    public void SvgLadderOfALostFin()
    {
        var sim = ScenarioCatalog.Find("fin-lost")!.Run(Reference.Handlers());
        var svg = LadderSvgRenderer.Render(sim.Trace, "client", "server");
        Assert.That(System.Xml.Linq.XDocument.Parse(svg).Root!.Name.LocalName, Is.EqualTo("svg"), "well-formed SVG");
        Snapshot.Verify(svg);
    }

    [Test]
    public void TheHostThatSentTheFirstSynIsOnTheLeft()
    {
        var sim = ScenarioCatalog.Find("handshake")!.Run(Reference.Handlers());
        Assert.That(LadderRenderer.BusiestPair(sim.Trace), Is.EqualTo(("client", "server")));
    }

    [Test]
    public void LinesOutsideTheWindowAreLeftOut()
    {
        var sim = ScenarioCatalog.Find("close")!.Run(Reference.Handlers());
        var ladder = LadderRenderer.Render(sim.Trace, "client", "server", firstLine: 3, lastLine: 4);
        Assert.That(ladder.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(3), "the header and lines 3 and 4");
    }
}
