using System.Text.Json;
using System.Text.RegularExpressions;
using TcpKata.Scenarios;
using TcpKata.Scripts;
using TcpKata.Tracing;
using TcpKata.Tracing.Explorer;

using static TcpKata.Kit.Tests.WrongHandlers;

namespace TcpKata.Kit.Tests;

/// <summary>
/// A failure's explorer page: what was expected (a script, a verified trace) beside the run, each step of the run level with
/// its counterpart, the first difference marked on both and the handler behind it named. The handlers here are wrong on
/// purpose, with their contracts unchecked, so that the failure is the script's or the snapshot's own.
/// </summary>
public sealed class ComparisonPageTests
{
    // Takes the SYN+ACK and answers nothing.
    private sealed class SilentInSynSent(IClientHandshake reference) : IClientHandshake
    {
        public void OnConnect(Connection c) => reference.OnConnect(c);

        public void OnSegmentInSynSent(Connection c, Segment seg) { }

        public void OnRetransmissionTimeout(Connection c) => reference.OnRetransmissionTimeout(c);
    }

    private static JsonElement ScriptPage(string text, TcpHandlers handlers)
    {
        var script = PktParser.Parse(text, "t.pkt");
        var failure = Assert.Throws<PktFailure>(() => PktRunner.Run(script, handlers))!;
        return TraceExplorerPageTests.DataOf(PktFailurePage.Render(script, handlers, new PktRunOptions(), failure, "t.pkt"));
    }

    private static List<JsonElement> Steps(JsonElement data) => data.GetProperty("steps").EnumerateArray().ToList();

    private static List<JsonElement> ExpectedSteps(JsonElement data) => data.GetProperty("compare").GetProperty("expected").EnumerateArray().ToList();

    private static JsonElement Difference(JsonElement data) => data.GetProperty("compare").GetProperty("difference");

    [Test]
    public void Script_WrongSegment_MarksItsLineAndTheSegmentAndNamesTheHandlerThatSentIt()
    {
        var data = ScriptPage(ScriptPreludes.Accepted, With(new AcksTheSynShort(Reference.Handlers().ServerHandshake, 1)).WithoutContracts());
        var difference = Difference(data);
        var actual = Steps(data)[difference.GetProperty("actual").GetInt32()];
        var expected = ExpectedSteps(data)[difference.GetProperty("expected").GetInt32()];
        Assert.Multiple(() =>
        {
            Assert.That(difference.GetProperty("what").GetString(), Does.StartWith("t.pkt:5: the segment sent differs: ack 0, expected 1"));
            Assert.That(expected.GetProperty("line").GetInt32(), Is.EqualTo(5), "the script's side marks the failing line");
            Assert.That(expected.GetProperty("label").GetString(), Is.EqualTo("S. 0 ack 1"));
            Assert.That(actual.GetProperty("label").GetString(), Is.EqualTo("S. 0 ack 0"), "the run's side marks the segment that differs");
            Assert.That(actual.GetProperty("counterpart").GetInt32(), Is.EqualTo(difference.GetProperty("expected").GetInt32()), "level with each other");
            Assert.That(difference.GetProperty("handler").GetString(), Is.EqualTo("ServerHandshake.OnSegmentInListen"));
            Assert.That(difference.GetProperty("handlerRanBefore").GetBoolean(), Is.False, "it sent the segment");
            Assert.That(data.GetProperty("scriptedPeer").GetInt32(), Is.EqualTo(1), "the script plays the remote end: no TCB to show");
            Assert.That(actual.GetProperty("tcb")[0].GetProperty("state").GetString(), Is.EqualTo("SYN_RCVD"), "the run's TCBs are there");
            Assert.That(ExpectedSteps(data).Any(s => s.TryGetProperty("states", out _)), Is.False, "a script says nothing of states");
        });
    }

    [Test]
    public void Script_NothingSent_NamesTheLastHandlerThatRanBeforeIt()
    {
        var data = ScriptPage("""
            0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
            +0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0
            +0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)
            +0 > S 0:0(0) <mss 1460>
            +.01 < S. 0:0(0) ack 1 win 65535 <mss 1460>
            +0 > . 1:1(0) ack 1
            """, With(new SilentInSynSent(Reference.Handlers().ClientHandshake)).WithoutContracts());
        var difference = Difference(data);
        Assert.Multiple(() =>
        {
            Assert.That(difference.GetProperty("what").GetString(), Does.Contain("t.pkt:6: expected the local host to send a segment"));
            Assert.That(ExpectedSteps(data)[difference.GetProperty("expected").GetInt32()].GetProperty("label").GetString(), Is.EqualTo(". 1 ack 1"));
            Assert.That(difference.GetProperty("handler").GetString(), Is.EqualTo("ClientHandshake.OnSegmentInSynSent"));
            Assert.That(difference.GetProperty("handlerRanBefore").GetBoolean(), Is.True, "it ran, and sent nothing");
        });
    }

    [Test]
    public void Snapshot_Difference_IsTheFirstDifferentLineMarkedOnBothSides()
    {
        var scenario = ScenarioCatalog.Find("handshake")!;
        var verified = scenario.Run(Reference.Handlers()).Trace.Render();
        // With this server the client's connect() times out: the page shows the run up to there.
        var wrong = With(new AcksTheSynShort(Reference.Handlers().ServerHandshake, 1)).WithoutContracts();
        var data = TraceExplorerPageTests.DataOf(ScenarioFailurePage.Render(scenario, wrong, verified, "handshake.verified.txt", "ScenarioTests.Trace(handshake)"));
        var marked = Difference(data);
        var actual = Steps(data)[marked.GetProperty("actual").GetInt32()];
        Assert.Multiple(() =>
        {
            Assert.That(marked.GetProperty("what").GetString(), Does.Match(@"^line \d+: expected "".*Flags \[S\.\], seq 0, ack 1, .*"", this run "".*Flags \[S\.\], seq 0, ack 0, "));
            Assert.That(actual.GetProperty("label").GetString(), Is.EqualTo("S. 0 ack 0"));
            Assert.That(ExpectedSteps(data)[marked.GetProperty("expected").GetInt32()].GetProperty("label").GetString(), Is.EqualTo("S. 0 ack 1"));
            Assert.That(actual.GetProperty("counterpart").GetInt32(), Is.EqualTo(marked.GetProperty("expected").GetInt32()));
            Assert.That(marked.GetProperty("handler").GetString(), Is.EqualTo("ServerHandshake.OnSegmentInListen"));
        });
    }

    [Test]
    public void SameTrace_EveryStep_IsLevelWithItsOwnCounterpart()
    {
        var trace = ScenarioCatalog.Find("lossy")!.Run(Reference.Handlers(), seed: 3).Trace;
        var data = TraceExplorerPageTests.DataOf(TraceExplorerPage.RenderComparison(new ExplorerRun("verified", TraceText.Parse(trace.Render())),
            new ExplorerRun("this run", trace), new TraceDifference(0, 0, "none"), "client", "server", "same"));
        Assert.That(Steps(data).Select(s => s.GetProperty("counterpart").GetInt32()), Is.EqualTo(Enumerable.Range(0, Steps(data).Count)));
    }

    [Test]
    public void Comparison_HostileText_StaysTextInThePage()
    {
        var trace = ScenarioCatalog.Find("handshake")!.Run(Reference.Handlers()).Trace;
        var html = TraceExplorerPage.RenderComparison(new ExplorerRun("</script><script>alert(1)</script>", trace), new ExplorerRun("this run", trace),
            new TraceDifference(0, 0, "</script><script>alert(2)</script>"), "client", "server", "<b>title</b>");
        Assert.Multiple(() =>
        {
            Assert.That(Regex.Matches(html, "</script>"), Has.Count.EqualTo(1), "the data cannot close the script early");
            Assert.That(html, Does.Not.Contain("<b>title</b>"));
            Assert.That(Difference(TraceExplorerPageTests.DataOf(html)).GetProperty("what").GetString(), Is.EqualTo("</script><script>alert(2)</script>"));
        });
    }

    [Test]
    public void FromData_APagesOwnData_DrawsTheSamePage()
    {
        var trace = ScenarioCatalog.Find("close")!.Run(Reference.Handlers()).Trace;
        var page = TraceExplorerPage.Render(trace, null, "client", "server", "close");
        Assert.That(TraceExplorerPage.FromData(TraceExplorerPage.DataOf(page)!, "close"), Is.EqualTo(page));
    }

    [TestCase("""{"labels":{"step":"</script><script>alert(1)</script>"},"steps":[],"hosts":["a","b"]}""", TestName = "FromData_ScriptInAString_StaysText")]
    [TestCase("""{"labels":{"step":"\u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e"},"steps":[],"hosts":["a","b"]}""",
        TestName = "FromData_EscapedScriptInAString_StaysText")]
    public void FromData_HostileData_IsWrittenOutAgainAsData(string data)
    {
        var html = TraceExplorerPage.FromData(data, "<i>the grader's title</i>")!;
        Assert.Multiple(() =>
        {
            Assert.That(Regex.Matches(html, "</script>"), Has.Count.EqualTo(1), "the data cannot close the script early");
            Assert.That(html, Does.Contain("&lt;i&gt;the grader&#39;s title&lt;/i&gt;"), "the title is the caller's, as text");
            Assert.That(TraceExplorerPageTests.DataOf(html).GetProperty("labels").GetProperty("step").GetString(), Is.EqualTo("</script><script>alert(1)</script>"));
        });
    }

    [TestCase("not json", TestName = "FromData_NotJson_IsRefused")]
    [TestCase("[1, 2]", TestName = "FromData_NotAnObject_IsRefused")]
    [TestCase("{\"steps\": [", TestName = "FromData_CutShort_IsRefused")]
    public void FromData_Malformed_IsRefused(string data) => Assert.That(TraceExplorerPage.FromData(data, "t"), Is.Null);

    [Test]
    public void FromData_LargerThanTheLimit_IsRefused() =>
        Assert.That(TraceExplorerPage.FromData("{\"x\":\"" + new string('a', 2000) + "\"}", "t", limitBytes: 1000), Is.Null);
}
