using System.Text.Json;
using System.Text.RegularExpressions;
using TcpKata.Scenarios;
using TcpKata.Tracing;
using TcpKata.Tracing.Explorer;

namespace TcpKata.Kit.Tests;

/// <summary>
/// The trace explorer's data, as the page gets it: one step per ladder row, each host's state and TCB after it, what the
/// network did to each segment. (tests/browser/ opens the pages in Chromium and checks the drawing against this data.)
/// </summary>
public sealed partial class TraceExplorerPageTests
{
    private static (string Html, JsonElement Trace) Explore(string scenario, ulong seed = 1, bool chinese = false)
    {
        TcbTimeline? tcbs = null;
        var sim = ScenarioCatalog.Find(scenario)!.Run(Reference.Handlers(), seed, observe: s => tcbs = new TcbTimeline(s));
        var (left, right) = LadderRenderer.BusiestPair(sim.Trace)!.Value;
        var html = TraceExplorerPage.Render(sim.Trace, tcbs, left, right, $"tcpkata trace {scenario}", chinese);
        return (html, DataOf(html));
    }

    /// <summary>The data a page carries, as its script reads it.</summary>
    internal static JsonElement DataOf(string html) => JsonDocument.Parse(TraceData().Match(html).Groups[1].Value).RootElement;

    [GeneratedRegex(@"const TRACE = (\{.*\});\n")]
    private static partial Regex TraceData();

    private static JsonElement Row(JsonElement tcb, string name) => tcb.GetProperty("rows").EnumerateArray().First(r => r[0].GetString() == name);

    [Test]
    public void Handshake_Steps_AreTheLaddersRowsWithStatesAndTcbs()
    {
        var (_, trace) = Explore("handshake");
        var steps = trace.GetProperty("steps").EnumerateArray().ToList();
        var established = steps.First(s => s.TryGetProperty("transition", out var t) && s.GetProperty("host").GetInt32() == 0 && t[1].GetString() == "ESTABLISHED");
        Assert.Multiple(() =>
        {
            Assert.That(steps, Has.Count.EqualTo(16));
            Assert.That(steps[0].GetProperty("states").EnumerateArray().Select(s => s.GetString()), Is.EqualTo(new[] { "CLOSED", "LISTEN" }), "the server listens first");
            Assert.That(established.GetProperty("transition").EnumerateArray().Select(s => s.GetString()), Is.EqualTo(new[] { "SYN_SENT", "ESTABLISHED" }));
            var client = established.GetProperty("tcb")[0];
            Assert.That(Row(client, "SND.UNA")[1].GetInt64(), Is.EqualTo(1), "after the handshake SND.UNA = ISS + 1");
            Assert.That(Row(client, "RCV.NXT")[1].GetInt64(), Is.EqualTo(1), "and RCV.NXT = IRS + 1");
            Assert.That(Row(client, "timers")[1].GetArrayLength(), Is.Zero, "what the handler left: nothing outstanding, no timer");
            Assert.That(steps[^1].GetProperty("states").EnumerateArray().Select(s => s.GetString()), Is.EqualTo(new[] { "ESTABLISHED", "ESTABLISHED" }));
        });
    }

    private static IEnumerable<TestCaseData> EveryScenario() =>
        from scenario in ScenarioCatalog.All
        from profile in new[] { TcpProfile.Rfc, TcpProfile.Linux }
        from seed in new ulong[] { 1, 5 }
        select new TestCaseData(scenario.Name, profile.Name, seed).SetName($"AnyScenario_{scenario.Name}_{profile.Name}_Seed{seed}_StepsAgreeWithTheTextTrace");

    /// <summary>
    /// Whatever the scenario, profile and seed, the page's steps say what the text trace says: a step for each segment
    /// between the two hosts, the network's faults on them, and each host's last state as its last state line gives it.
    /// </summary>
    [TestCaseSource(nameof(EveryScenario))]
    public void AnyScenario_Steps_AgreeWithTheTextTrace(string name, string profileName, ulong seed)
    {
        var scenario = ScenarioCatalog.Find(name)!;
        scenario = scenario.On(TcpProfile.Find(profileName)!);
        TcbTimeline? tcbs = null;
        var sim = scenario.Run(Reference.Handlers(), seed, observe: s => tcbs = new TcbTimeline(s));
        var (left, right) = LadderRenderer.BusiestPair(sim.Trace)!.Value;
        var steps = DataOf(TraceExplorerPage.Render(sim.Trace, tcbs, left, right, name)).GetProperty("steps").EnumerateArray().ToList();
        var lines = sim.Trace.Render().Split('\n');
        bool Between(Match m) => (m.Groups["from"].Value, m.Groups["to"].Value) == (left, right) || (m.Groups["from"].Value, m.Groups["to"].Value) == (right, left);
        int Lines(string fate) => lines.Select(l => SegmentLine().Match(l)).Count(m => m.Success && m.Groups["fate"].Value == fate && Between(m));
        int Steps(string fate) => steps.Count(s => s.GetProperty("kind").GetString() == "segment" && s.GetProperty(fate).GetBoolean());
        Assert.Multiple(() =>
        {
            Assert.That(steps.Count(s => s.GetProperty("kind").GetString() == "segment"), Is.EqualTo(Lines("")), "a step per segment sent");
            foreach (var (fate, line) in new[] { ("lost", "lost "), ("duplicated", "duplicated "), ("delayed", "delayed ") })
            {
                // A segment sent once can meet more than one fault (a duplicate lost): at most one marked step per line.
                Assert.That(Steps(fate), Is.InRange(Lines(line) > 0 ? 1 : 0, Lines(line)), $"{fate} segments are marked as such");
            }
            foreach (var (host, h) in new[] { (left, 0), (right, 1) })
            {
                var last = lines.Select(l => StateLine().Match(l)).LastOrDefault(m => m.Success && m.Groups["host"].Value == host);
                if (last is not null)
                    Assert.That(steps[^1].GetProperty("states")[h].GetString(), Is.EqualTo(last.Groups["to"].Value), $"{host}'s state at the end");
            }
            Assert.That(steps.SelectMany(s => s.GetProperty("states").EnumerateArray()).Select(s => s.GetString()).Distinct(),
                Is.SubsetOf(new[] { "CLOSED", "LISTEN", "SYN_SENT", "SYN_RCVD", "ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2", "CLOSE_WAIT", "CLOSING", "LAST_ACK", "TIME_WAIT" }),
                "every state drawn is one of Figure 5's");
        });
    }

    [GeneratedRegex(@"^\S+ (?<fate>(lost |duplicated |delayed )?)(?<from>[\w-]+)\.\d+ > (?<to>[\w-]+)\.\d+: Flags")]
    private static partial Regex SegmentLine();

    [GeneratedRegex(@"^\S+ (?<host>[\w-]+)\.\d+ (?<from>[A-Z_0-9]+) -> (?<to>[A-Z_0-9]+)$")]
    private static partial Regex StateLine();

    [Test]
    public void Close_SegmentFields_CountSynAndFinInTheNextSequenceNumber()
    {
        var (_, trace) = Explore("close");
        var segments = trace.GetProperty("steps").EnumerateArray().Where(s => s.GetProperty("kind").GetString() == "segment").ToList();
        JsonElement Field(JsonElement step, string name) => step.GetProperty("fields").EnumerateArray().First(f => f[0].GetString() == name);
        JsonElement First(string flags) => segments.First(s => s.GetProperty("label").GetString()!.StartsWith(flags + " ", StringComparison.Ordinal));
        var data = segments.First(s => Field(s, "len")[1].GetInt32() > 0);
        Assert.Multiple(() =>
        {
            Assert.That(Field(First("S"), "nextSeq")[1].GetInt64(), Is.EqualTo(1), "a SYN takes one sequence number");
            Assert.That(Field(First("S"), "headerLength")[1].GetString(), Is.EqualTo("24 bytes"), "20 and the MSS option");
            Assert.That(Field(First("."), "nextSeq")[1].GetInt64(), Is.EqualTo(Field(First("."), "seq")[1].GetInt64()), "a bare ACK takes none");
            Assert.That(Field(First("."), "headerLength")[1].GetString(), Is.EqualTo("20 bytes"));
            Assert.That(Field(data, "nextSeq")[1].GetInt64(), Is.EqualTo(Field(data, "seq")[1].GetInt64() + Field(data, "len")[1].GetInt64()));
            Assert.That(Field(First("F."), "nextSeq")[1].GetInt64(), Is.EqualTo(Field(First("F."), "seq")[1].GetInt64() + 1), "a FIN takes one too");
            Assert.That(Field(First("S"), "checksum")[1].GetString(), Does.Match("^0x[0-9a-f]{4}$"));
        });
    }

    [Test]
    public void Lossy_Segments_CarryWhatTheNetworkDidToThem()
    {
        var (_, trace) = Explore("lossy", seed: 3);
        var segments = trace.GetProperty("steps").EnumerateArray().Where(s => s.GetProperty("kind").GetString() == "segment").ToList();
        Assert.That(segments.Count(s => s.GetProperty("lost").GetBoolean()), Is.GreaterThan(0));
    }

    [Test]
    public void Page_SameSeed_IsByteIdenticalAndNeedsNoNetwork()
    {
        var (first, _) = Explore("close");
        var (second, _) = Explore("close");
        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(second));
            Assert.That(Regex.Matches(first, "https?://").Select(m => first.Substring(m.Index, 30)), Is.All.StartsWith("http://www.w3.org/2000/svg"),
                "offline: the only URL is SVG's namespace name");
            Assert.That(Regex.Matches(first, "</script>"), Has.Count.EqualTo(1), "the data cannot close the script early");
        });
    }

    [Test]
    public void Page_InChinese_HasTheGlossarysLabels()
    {
        var (html, trace) = Explore("close", chinese: true);
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("<html lang=\"zh-Hant\">"));
            Assert.That(trace.GetProperty("labels").GetProperty("seq").GetString(), Is.EqualTo("序號"));
            Assert.That(trace.GetProperty("labels").GetProperty("ack").GetString(), Is.EqualTo("確認號"));
        });
    }
}
