using System.CommandLine;
using System.Xml.Linq;
using TcpKata.Cli;
using TcpKata.Cli.Loop;
using TcpKata.Scenarios;

namespace TcpKata.Cli.Tests;

/// <summary>The tcpkata command, run in-process: exit codes 0 (pass), 1 (a script fails), 2 (bad input).</summary>
public sealed class CliTests : TempFolder
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var root = new RootCommand
        {
            PktCommand.Create(), LiveCommand.Create(), TraceCommand.Create(), ScenariosCommand.Create(), AcceptCommand.Create(),
            ChaosCommand.Create(), CompareConnectionsCommand.Create(), ProgressCommand.Create(), HintCommand.Create(),
        };
        var output = new StringWriter();
        var error = new StringWriter();
        var code = global::TcpKata.Cli.Cli.Run(root, args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private string Script(string name, string text)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private const string PassiveOpen = """
        0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
        +0 bind(3, ..., ...) = 0
        +0 listen(3, 1) = 0
        +0 < S 0:0(0) win 32792 <mss 1000,sackOK,nop,nop,nop,wscale 7>
        +0 > S. 0:0(0) ack 1 <mss 1460,nop,nop,sackOK,nop,wscale 8>
        """;

    [Test]
    public void PktExitsZeroWhenEveryScriptPasses()
    {
        var (code, output, _) = Run("pkt", "--lenient-options", Script("ok.pkt", PassiveOpen));
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero);
            Assert.That(output, Does.Contain("PASS").And.Contain("1 passed, 0 failed"));
        });
    }

    [Test]
    public void PktExitsOneWhenAScriptFailsAndSaysWhy()
    {
        var (code, output, _) = Run("pkt", Script("strict.pkt", PassiveOpen));
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(output, Does.Contain("strict.pkt:5: the segment sent differs").And.Contain("--lenient-options"));
        });
    }

    [Test]
    public void PktHtml_FailingScript_WritesItsExplorerPageAndNamesIt()
    {
        var page = Path.Combine(Folder, "strict.html");
        var (code, output, _) = Run("pkt", "--html", page, Script("strict.pkt", PassiveOpen));
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(output, Does.Contain($"explorer: {page}"));
            Assert.That(Tracing.Explorer.TraceExplorerPage.DataOf(File.ReadAllText(page)), Does.Contain("strict.pkt:5: the segment sent differs"));
        });
    }

    [Test]
    public void PktHtml_WithKernel_IsRefused()
    {
        var (code, _, error) = Run("pkt", "--kernel", "--html", Path.Combine(Folder, "x.html"), Script("ok.pkt", PassiveOpen));
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(error, Does.Contain("--html draws a run of the kit"));
        });
    }

    [Test]
    public void PktExitsTwoOnAMalformedScriptOrAMissingFile()
    {
        var (code, _, error) = Run("pkt", Script("bad.pkt", "0 > S 0:1(0)\n"), Path.Combine(Folder, "missing.pkt"));
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(error, Does.Contain("bad.pkt:1: inconsistent sequence numbers").And.Contain("missing.pkt: no such file"));
        });
    }

    // A second SYN while the one connection listen(3, 1) allows waits to be accepted: the RFC profile drops it, Linux answers.
    private const string SecondSynToAFullBacklog = """
        0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
        +0 bind(3, ..., ...) = 0
        +0 listen(3, 1) = 0
        +0 < 40001>8080 S 0:0(0) win 65535 <mss 1460>
        +0 > S. 0:0(0) ack 1 <mss 1460>
        +.01 < 40001>8080 . 1:1(0) ack 1 win 65535
        +.05 < 40002>8080 S 500:500(0) win 65535 <mss 1460>
        +0 > S. 0:0(0) ack 501 <mss 1460>
        """;

    [Test]
    public void PktCompare_KitAndLinuxDisagree_ShowsBothVerdictsTheFirstDifferentSegmentAndBothLadders()
    {
        RequireKernel();
        var (code, output, _) = Run("pkt", "--compare", "--profile", "rfc", Script("backlog.pkt", SecondSynToAFullBacklog));
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(output, Does.Contain("DIFF ").And.Contain("the kit (profile rfc): fails at line 8").And.Contain($"{Kernel.PrivateNetwork.KernelVersion}: passes"));
            Assert.That(output, Does.Contain("first difference: segment 5: in the kit (profile rfc) nothing more; in Linux").And.Contain("local sends S. 0 ack 1 at"));
            Assert.That(output.Split('\n'), Has.Some.StartsWith("≠ ").And.Some.Contains(" │ "), "the two ladders side by side, the difference marked");
            Assert.That(output, Does.Contain("0 the same, 1 different"));
        });
    }

    [Test]
    public void PktCompare_KitWithTheLinuxProfileAndLinuxAgree_ExitsZero()
    {
        RequireKernel();
        var (code, output, _) = Run("pkt", "--compare", "--profile", "linux", Script("backlog.pkt", SecondSynToAFullBacklog));
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, output);
            Assert.That(output, Does.Contain("SAME ").And.Contain("both pass, with the same 5 segments").And.Contain("1 the same, 0 different"));
        });
    }

    [Test]
    public void Live_KitConnects_SaysWhichSideIsTheKernelAndWritesAPcap()
    {
        RequireKernel();
        var pcap = Path.Combine(Folder, "live.pcap");
        var (code, output, _) = Run("live", "--direction", "kit", "--pcap", pcap);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, output);
            Assert.That(output, Does.Contain("kit   = your TCP").And.Contain($"linux = the kernel: {Kernel.PrivateNetwork.KernelVersion}"));
            Assert.That(output, Does.Contain("DONE: handshake, echo and close completed"));
            Assert.That(new FileInfo(Path.Combine(Folder, "live-kit-connects.pcap")).Length, Is.GreaterThan(24));
        });
    }

    private static void RequireKernel()
    {
        if (Kernel.PrivateNetwork.Unavailable() is not { } why) return;
        if (Environment.GetEnvironmentVariable("TCPKATA_REQUIRE_KERNEL") == "1") Assert.Fail(why);
        Assert.Ignore(why);
    }

    [Test]
    public void TracePrintsTheScenarioTraceForTheSeed()
    {
        var (code, output, _) = Run("trace", "lossy", "--seed", "7");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero);
            Assert.That(output, Is.EqualTo(HandshakeScenarios.Find("lossy")!.Run(global::TcpKata.Cli.Cli.Handlers(), 7).Trace.Render()));
        });
    }

    [Test]
    public void TraceAddsFaultsFromTheCommandLine()
    {
        var (_, output, _) = Run("trace", "handshake", "--fault", "drop server S. #1");
        Assert.That(output, Does.Contain("(fault: drop server S. #1)"));
    }

    [Test]
    public void Trace_FaultNamesNoHostOfTheScenario_IsAUsageErrorListingItsHosts()
    {
        var (code, _, error) = Run("trace", "handshake", "--fault", "drop sever S. #1");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(error, Does.Contain("scenario 'handshake' has no host 'sever' (its hosts: server, client)"));
        });
    }

    [Test]
    public void Trace_FaultWhoseSegmentNeverCame_SaysItActedOnNothing()
    {
        var (code, _, error) = Run("trace", "handshake", "--fault", "drop server S. #3");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero);
            Assert.That(error, Does.Contain("--fault \"drop server S. #3\" acted on nothing: server sent 1 segment(s) with those flags"));
        });
    }

    [Test]
    public void Trace_Html_WritesTheExplorerPageOfTheRun()
    {
        var page = Path.Combine(Folder, "close.html");
        var (code, _, _) = Run("trace", "close", "--seed", "2", "--html", page, "--lang", "zh-Hant");
        var html = File.ReadAllText(page);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero);
            Assert.That(html, Does.Contain("<html lang=\"zh-Hant\">").And.Contain("tcpkata trace close --seed 2"));
            Assert.That(global::TcpKata.Tracing.Explorer.TraceExplorerPage.DataOf(html), Does.Contain("\"brokeOff\":null"));
        });
    }

    [Test]
    public void Trace_HandlerBreaksAContract_WritesThePageUpToThereAndSaysWhy()
    {
        var (code, output, error, data) = TraceHandshakeWith(reference => new LeavesRcvNxtAtIrs(reference), "handshake.html");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(error, Does.Contain("handler contract: ServerHandshake.OnSegmentInListen").And.Contain("handshake.html shows it up to that point"));
            Assert.That(output, Does.Contain("LISTEN -> SYN_RCVD"), "the trace up to the break is printed");
            Assert.That(data.GetProperty("brokeOff").GetString(), Does.StartWith("handler contract: ServerHandshake.OnSegmentInListen"));
            Assert.That(data.GetProperty("steps").GetArrayLength(), Is.GreaterThan(0));
        });
    }

    [Test]
    public void Trace_HandlerThrows_WritesThePageUpToThereWithTheStackTrace()
    {
        var (code, _, error, data) = TraceHandshakeWith(reference => new ThrowsInSynReceived(reference), "throws.html");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(error, Does.StartWith("System.IndexOutOfRangeException").And.Contain(nameof(ThrowsInSynReceived)));
            Assert.That(data.GetProperty("brokeOff").GetString(), Does.Contain(nameof(ThrowsInSynReceived)), "the page has the stack trace too");
        });
    }

    /// <summary>Reads past the end of the segment's payload when the handshake's last ACK arrives.</summary>
    private sealed class ThrowsInSynReceived(IServerHandshake reference) : IServerHandshake
    {
        public void OnSegmentInListen(Connection c, Segment seg) => reference.OnSegmentInListen(c, seg);

        public void OnSegmentInSynReceived(Connection c, Segment seg) => _ = seg.Payload.Span[seg.Payload.Length];

        public void OnRetransmissionTimeout(Connection c) => reference.OnRetransmissionTimeout(c);
    }

    /// <summary>Runs <c>trace handshake --html PAGE</c> with the reference handlers, the server's handshake replaced by a wrong one.</summary>
    private (int Code, string Out, string Err, System.Text.Json.JsonElement Data) TraceHandshakeWith(Func<IServerHandshake, IServerHandshake> wrong, string page)
    {
        var reference = global::TcpKata.Cli.Cli.Handlers();
        var broken = new TcpHandlers(reference.ClientHandshake, wrong(reference.ServerHandshake), reference.PassiveClose, reference.ActiveClose,
            reference.ResetHandling);
        var path = Path.Combine(Folder, page);
        var (output, error) = (new StringWriter(), new StringWriter());
        var code = global::TcpKata.Cli.Cli.Run(new RootCommand { TraceCommand.Create(() => broken) }, ["trace", "handshake", "--html", path], output, error);
        var data = System.Text.Json.JsonDocument.Parse(global::TcpKata.Tracing.Explorer.TraceExplorerPage.DataOf(File.ReadAllText(path))!).RootElement;
        return (code, output.ToString(), error.ToString(), data);
    }

    /// <summary>Takes the SYN as the reference does, then puts RCV.NXT back to IRS: it forgot that a SYN occupies a sequence number.</summary>
    private sealed class LeavesRcvNxtAtIrs(IServerHandshake reference) : IServerHandshake
    {
        public void OnSegmentInListen(Connection c, Segment seg)
        {
            reference.OnSegmentInListen(c, seg);
            c.RcvNxt = c.Irs;
        }

        public void OnSegmentInSynReceived(Connection c, Segment seg) => reference.OnSegmentInSynReceived(c, seg);

        public void OnRetransmissionTimeout(Connection c) => reference.OnRetransmissionTimeout(c);
    }

    [TestCase("trace", "nope", "unknown scenario 'nope'")]
    [TestCase("trace", "handshake", "--seed", "x", "Cannot parse argument 'x'")]
    [TestCase("trace", "handshake", "--fault", "drop", "cannot read fault")]
    [TestCase("frobnicate", "Unrecognized command or argument 'frobnicate'")]
    public void BadArgumentsGiveAnErrorAndExitTwo(params string[] argsAndMessage)
    {
        var (code, _, error) = Run(argsAndMessage[..^1]);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(error, Does.Contain(argsAndMessage[^1]));
        });
    }

    [Test]
    public void ScenariosListsEveryScenario()
    {
        var (_, output, _) = Run("scenarios");
        Assert.That(ScenarioCatalog.All.Select(s => s.Name), Has.All.Matches<string>(n => output.Contains(n, StringComparison.Ordinal)));
    }

    [Test]
    public void CompareConnectionsPrintsTheTableAndDrawsEachMeasureInItsOwnPanel()
    {
        var chart = Path.Combine(Folder, "chart.svg");
        var (code, output, _) = Run("compare-connections", "--requests", "10", "--chart", chart);
        var svg = XDocument.Load(chart);
        var table = output.Split('\n').Skip(2).TakeWhile(l => l.Length > 0 && !l.StartsWith("chart", StringComparison.Ordinal))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Select(w => (Measure: string.Join(' ', w[..^2]), Short: w[^2], Long: w[^1]))
            .ToList();
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero);
            Assert.That(table.Select(r => r.Measure), Is.EqualTo(new[] { "segments", "header bytes", "handshakes", "completion (s)", "round trips", "peak TIME_WAIT (client)" }));
            Assert.That(svg.Root!.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value), Has.Some.Contains("10/10"),
                "the heading says how many requests were answered");
            foreach (var (measure, shortValue, longValue) in table)
            {
                var panel = svg.Root.Elements().SingleOrDefault(e => (string?)e.Attribute("data-measure") == measure);
                Assert.That(panel, Is.Not.Null, $"a panel for {measure}");
                var labels = panel!.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value).ToList();
                Assert.That(labels, Does.Contain(shortValue).And.Contain(longValue), $"{measure}: the table's numbers label its bars");
                var bars = panel.Descendants().Select(e => (string?)e.Attribute("style") ?? "").ToList();
                Assert.That(bars.Count(b => b.StartsWith("fill:rgb(213,94,0)", StringComparison.Ordinal)), Is.EqualTo(1), $"{measure}: one bar for short");
                Assert.That(bars.Count(b => b.StartsWith("fill:rgb(0,114,178)", StringComparison.Ordinal)), Is.EqualTo(1), $"{measure}: one bar for long");
            }
        });
    }

    [Test]
    public void CompareConnections_ClientConnectsToAClosedPort_SaysWhichRunFailedAndWhy()
    {
        var reference = new global::TcpKata.Exercises.RequestClient();
        // Port 8001: nobody listens there, so the server's host answers the SYN with a RST and connect() is refused.
        Func<TcpHost, string, int, int, Task<int>> wrongPort = async (host, server, port, requests) =>
        {
            await host.CreateSocket().ConnectAsync(server, port + 1);
            return requests;
        };
        var error = new StringWriter();
        var code = global::TcpKata.Cli.Cli.Run(new RootCommand { CompareConnectionsCommand.Create((reference.RunShortAsync, wrongPort)) },
            ["compare-connections", "--requests", "2"], new StringWriter(), error);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(error.ToString(), Does.StartWith("tcpkata: RequestClient.RunLongAsync failed: a socket call threw ConnectionRefused"));
            Assert.That(error.ToString(), Does.Not.Contain("   at "), "no stack trace");
        });
    }

    [Test]
    public void CompareConnections_InChinese_LabelsTheModesAndMeasuresInChinese()
    {
        var chart = Path.Combine(Folder, "chart.zh.svg");
        var (code, _, _) = Run("compare-connections", "--requests", "3", "--chart", chart, "--lang", "zh-Hant");
        var texts = XDocument.Load(chart).Root!.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero);
            Assert.That(texts, Does.Contain("短連線").And.Contain("長連線").And.Contain("握手"));
            Assert.That(texts, Does.Not.Contain("short").And.Not.Contain("handshakes"));
        });
    }

    [TestCase("--requests 0", "at least 1")]
    [TestCase("--requests 2 --chart /proc/no/such/dir/c.svg", "cannot write")]
    public void CompareConnectionsRefusesBadArguments(string arguments, string message)
    {
        var (code, _, error) = Run(["compare-connections", .. arguments.Split(' ')]);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(error, Does.Contain(message));
        });
    }

    [Test]
    public void ChaosPassesForTheReferenceAndNamesEachWorkload()
    {
        var (code, output, _) = Run("chaos", "--seeds", "20");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero);
            Assert.That(output, Does.Contain("chaos-echo: 20 of 20 seeds passed"));
        });
    }

    [Test]
    public void EveryExerciseHasAManifestAndGradedHints()
    {
        var exercises = ExerciseCatalog.Load(ToolCommandLine.RepositoryRoot()!);
        Assert.Multiple(() =>
        {
            Assert.That(exercises.Select(e => e.Slug), Is.EqualTo(new[]
            {
                "01-client-handshake", "02-server-handshake", "03-passive-close", "04-active-close",
                "05-resets-and-retries", "06-echo-server", "07-short-vs-long",
            }));
            Assert.That(exercises, Has.All.Matches<Exercise>(e => e.Hints.Count >= 2));
            Assert.That(exercises, Has.All.Matches<Exercise>(e => e.ChineseHints.Count == e.Hints.Count), "the Chinese README has the same hints");
        });
    }

    [Test]
    public void ProgressComesFromTestOutcomes()
    {
        var exercises = ExerciseCatalog.Load(ToolCommandLine.RepositoryRoot()!).Take(3).ToList();
        TestOutcome Outcome(int exercise, bool passed, string message = "") => new($"{exercises[exercise - 1].TestNamespace}.SomeTests.T", passed, message, "");
        var outcomes = new List<TestOutcome>
        {
            Outcome(1, true), Outcome(1, true),
            Outcome(2, true), Outcome(2, false, "ack 0, expected 1"),
            Outcome(3, false, "not implemented yet: PassiveClose.OnFin — ..."),
        };
        var progress = ExerciseProgress.From(exercises, outcomes);
        var output = new StringWriter();
        ProgressCommand.Print(progress, output);
        var chinese = new StringWriter();
        ProgressCommand.Print(progress, chinese, chinese: true);
        Assert.Multiple(() =>
        {
            Assert.That(progress.Select(p => p.Status), Is.EqualTo(new[] { "done", "failing 1 of 2", "not started" }));
            Assert.That(output.ToString(), Does.Contain("1 of 3 exercises done").And.Contain("next: 02-server-handshake"));
            Assert.That(progress.Select(p => p.ChineseStatus), Is.EqualTo(new[] { "完成", "2 項測試中 1 項未通過", "未開始" }));
            Assert.That(chinese.ToString(), Does.Contain("3 個練習完成了 1 個").And.Contain("下一個：02-server-handshake").And.Contain("README.zh-Hant.md"));
        });
    }

    [Test]
    public void Hint_LangZhHant_ShowsTheChineseReadmesHints()
    {
        Environment.SetEnvironmentVariable("TCPKATA_STATE_DIR", Folder);
        try
        {
            var exercise = ExerciseCatalog.Load(ToolCommandLine.RepositoryRoot()!)[0];
            var (code, output, _) = Run("hint", "1", "--lang", "zh-Hant");
            var (bad, _, error) = Run("hint", "1", "--lang", "fr");
            Assert.Multiple(() =>
            {
                Assert.That(code, Is.Zero);
                Assert.That(output, Does.Contain($"01-client-handshake：提示 1／{exercise.ChineseHints.Count}").And.Contain("1. " + exercise.ChineseHints[0]));
                Assert.That(bad, Is.EqualTo(2));
                Assert.That(error, Does.Contain("--lang fr: use en or zh-Hant"));
            });
        }
        finally
        {
            Environment.SetEnvironmentVariable("TCPKATA_STATE_DIR", null);
        }
    }

    [Test]
    public void HintsAreRevealedOneAtATimeAndRemembered()
    {
        Environment.SetEnvironmentVariable("TCPKATA_STATE_DIR", Folder);
        try
        {
            var first = Run("hint", "2").Out;
            var second = Run("hint", "02-server-handshake").Out;
            var reset = Run("hint", "2", "--reset").Out;
            var unknown = Run("hint", "99");
            Assert.Multiple(() =>
            {
                Assert.That(first, Does.Contain("hint 1 of").And.Contain("  1. ").And.Not.Contain("  2. "));
                Assert.That(second, Does.Contain("hint 2 of").And.Contain("  2. "));
                Assert.That(reset, Does.Contain("hint 0 of"));
                Assert.That(unknown.Code, Is.EqualTo(2));
            });
        }
        finally
        {
            Environment.SetEnvironmentVariable("TCPKATA_STATE_DIR", null);
        }
    }

    [Test]
    public void Watch_ASave_PrintsOnlyWhatChanged()
    {
        static TestOutcome T(string name, bool passed, string message = "") => new("TcpKata.Tests.Exercise01_ClientHandshake." + name, passed, message, "");
        static List<string> Changes(IReadOnlyList<TestOutcome> before, IReadOnlyList<TestOutcome> after)
        {
            var output = new StringWriter();
            LoopReport.WriteChanges(before, after, output);
            return output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).ToList();
        }
        var second = Changes([T("a", true), T("b", false)], [T("a", false, "TcpKata.Scripts.PktFailure : ack 0, expected 1\nmore"), T("b", true)]);
        var third = Changes([T("a", true)], [T("a", true)]);
        Assert.Multiple(() =>
        {
            Assert.That(second, Is.EqualTo(new[] { "  now failing: a: ack 0, expected 1", "  now passing: b" }));
            Assert.That(third, Is.EqualTo(new[] { "  no test changed" }));
        });
    }
}
