using TcpKata.Scripts;

namespace TcpKata.Kit.Tests;

public sealed class PktRunnerTests
{
    private static PktRunResult Run(string text, bool lenient = false) =>
        PktRunner.Run(PktParser.Parse(text, "t.pkt"), Reference.Handlers(), new PktRunOptions { LenientOptions = lenient });

    private const string Listen = """
        0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
        +0 bind(3, ..., ...) = 0
        +0 listen(3, 1) = 0
        """;

    // RFC 9293 §3.10.7.4: a passive SYN-RECEIVED connection that takes a RST "is returned to the LISTEN state". The reference
    // closes that TCB instead; a student who follows the RFC's words leaves it in LISTEN, and the host must discard it.
    private sealed class ReturnToListenOnRst(IServerHandshake reference) : IServerHandshake
    {
        public void OnSegmentInListen(Connection c, Segment seg) => reference.OnSegmentInListen(c, seg);

        public void OnSegmentInSynReceived(Connection c, Segment seg)
        {
            if (seg.IsRst) c.State = TcpState.Listen;
            else reference.OnSegmentInSynReceived(c, seg);
        }

        public void OnRetransmissionTimeout(Connection c) => reference.OnRetransmissionTimeout(c);
    }

    [Test]
    public void SynReceived_RstBackToListen_LeavesNoTimerRunning()
    {
        var reference = Reference.Handlers();
        var handlers = new TcpHandlers(reference.ClientHandshake, new ReturnToListenOnRst(reference.ServerHandshake), reference.PassiveClose,
            reference.ActiveClose, reference.ResetHandling);
        var result = PktRunner.Run(PktParser.Parse(Listen + """

            +0 < S 0:0(0) win 65535 <mss 1460>
            +0 > S. 0:0(0) ack 1 <mss 1460>
            +0.1 < R 1:1(0) win 0
            """, "t.pkt"), handlers, new PktRunOptions());
        result.Simulation.RunFor(TimeSpan.FromMinutes(5));
        var trace = result.Simulation.Trace.Render();
        Assert.Multiple(() =>
        {
            Assert.That(trace, Does.Contain("SYN_RCVD -> LISTEN"));
            Assert.That(trace, Does.Not.Contain("timer fired"), "the discarded TCB's SYN+ACK retransmission must stop");
        });
    }

    // Whatever was in flight when a connection is deleted (here its FIN), nothing of it may fire afterwards.
    [Test]
    public void FinWait1_RstToClosed_LeavesNoTimerRunning()
    {
        var result = Run(Listen + """

            +0  < S 0:0(0) win 65535 <mss 1460>
            +0  > S. 0:0(0) ack 1 <mss 1460>
            +.1 < . 1:1(0) ack 1 win 65535
            +0  accept(3, ..., ...) = 4
            +0  close(4) = 0
            +0  > F. 1:1(0) ack 1
            +.1 < R 1:1(0) win 0
            """);
        result.Simulation.RunFor(TimeSpan.FromMinutes(5));
        var trace = result.Simulation.Trace.Render();
        Assert.Multiple(() =>
        {
            Assert.That(trace, Does.Contain("FIN_WAIT_1 -> CLOSED"));
            Assert.That(trace, Does.Not.Contain("timer fired"), "the FIN's retransmission timer died with the TCB");
        });
    }

    [Test]
    public void WrongExpectationFailsWithLineExpectedActualAndTrace()
    {
        var e = Assert.Throws<PktFailure>(() => Run(Listen + """

            +0 < S 0:0(0) win 65535 <mss 1460>
            +0 > S. 0:0(0) ack 2 <mss 1460>
            """));
        Assert.Multiple(() =>
        {
            Assert.That(e!.Line, Is.EqualTo(5));
            Assert.That(e.Message, Does.StartWith("t.pkt:5: the segment sent differs: ack 1, expected 2"));
            Assert.That(e.Message, Does.Contain("script line: +0 > S. 0:0(0) ack 2 <mss 1460>"));
            Assert.That(e.Message, Does.Contain("actual:      0.000000 > S. 0:0(0) ack 1 win 65535 <mss 1460>"));
            Assert.That(e.Message, Does.Contain("trace so far").And.Contain("LISTEN -> SYN_RCVD"));
        });
    }

    /// <summary>The classic mistake, made on purpose: the SYN+ACK acknowledges SEG.SEQ instead of SEG.SEQ + 1.</summary>
    private sealed class ForgetsThePlusOne : IServerHandshake
    {
        public void OnSegmentInListen(Connection c, Segment seg)
        {
            c.Iss = c.NewIsn();
            c.SndUna = c.Iss;
            c.SndNxt = c.Iss + 1;
            c.RcvNxt = seg.Seq;
            c.Send(TcpFlags.Syn | TcpFlags.Ack, c.Iss, c.RcvNxt);
            c.State = TcpState.SynReceived;
        }

        public void OnSegmentInSynReceived(Connection c, Segment seg) { }

        public void OnRetransmissionTimeout(Connection c) { }
    }

    private const string SynInListen = """

        +0 < S 0:0(0) win 65535 <mss 1460>
        +0 > S. 0:0(0) ack 1 <mss 1460>
        """;

    [Test]
    public void Listen_SynAckedWithoutThePlusOne_FailsAtTheHandlerContractNamingRcvNxt()
    {
        var reference = Reference.Handlers();
        var handlers = new TcpHandlers(reference.ClientHandshake, new ForgetsThePlusOne(), reference.PassiveClose, reference.ActiveClose, reference.ResetHandling);
        var e = Assert.Throws<PktFailure>(() => PktRunner.Run(PktParser.Parse(Listen + SynInListen, "t.pkt"), handlers));
        Assert.That(e!.Message, Does.StartWith("t.pkt:4: handler contract: ServerHandshake.OnSegmentInListen left RCV.NXT at IRS + 0")
            .And.Contain("IRS + 1"));
    }

    [Test]
    public void Listen_SynAckedWithoutThePlusOne_WithContractsOff_GetsAHintAboutSequenceSpace()
    {
        // The hint is for the segment itself, as a script sees it (a peer's view, or a kernel run): it must hold on its own.
        var reference = Reference.Handlers();
        var handlers = new TcpHandlers(reference.ClientHandshake, new ForgetsThePlusOne(), reference.PassiveClose, reference.ActiveClose, reference.ResetHandling);
        var e = Assert.Throws<PktFailure>(() => PktRunner.Run(PktParser.Parse(Listen + SynInListen, "t.pkt"), handlers.WithoutContracts()));
        Assert.That(e!.Message, Does.Contain("hint:        acknowledge one past the SYN or FIN: each occupies one sequence number"));
    }

    [Test]
    public void MissingSegmentFailsAfterTheTolerance()
    {
        var e = Assert.Throws<PktFailure>(() => Run(Listen + """

            +0 > S. 0:0(0) ack 1 <mss 1460>
            """));
        Assert.That(e!.Message, Does.Contain("sent nothing"));
    }

    [Test]
    public void SegmentOutsideTheTimeToleranceFails()
    {
        var e = Assert.Throws<PktFailure>(() => Run(Listen + """

            +0 < S 0:0(0) win 65535 <mss 1460>
            +0.5 > S. 0:0(0) ack 1 <mss 1460>
            """));
        Assert.That(e!.Message, Does.Contain("too early"));
    }

    [Test]
    public void ToleranceOptionWidensTheWindow() =>
        Run("--tolerance_usecs=600000\n" + Listen + """

            +0 < S 0:0(0) win 65535 <mss 1460>
            +0.5 > S. 0:0(0) ack 1 <mss 1460>
            """);

    [Test]
    public void LinuxOptionsFailStrictlyWithAHintAndPassLeniently()
    {
        const string script = Listen + """

            +0 < S 0:0(0) win 32792 <mss 1000,sackOK,nop,nop,nop,wscale 7>
            +0 > S. 0:0(0) ack 1 <mss 1460,nop,nop,sackOK,nop,wscale 8>
            """;
        var e = Assert.Throws<PktFailure>(() => Run(script));
        Assert.That(e!.Message, Does.Contain("--lenient-options"));
        Run(script, lenient: true);
    }

    [Test]
    public void LenientModeStillComparesTheMss()
    {
        var e = Assert.Throws<PktFailure>(() => Run(Listen + """

            +0 < S 0:0(0) win 32792 <mss 1000,sackOK,nop,nop,nop,wscale 7>
            +0 > S. 0:0(0) ack 1 <mss 1400,nop,nop,sackOK,nop,wscale 8>
            """, lenient: true));
        Assert.That(e!.Message, Does.Contain("expected mss 1400"));
    }

    [Test]
    public void WrongSyscallResultFails()
    {
        var e = Assert.Throws<PktFailure>(() => Run(Listen + """

            +0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0
            +0 accept(3, ..., ...) = 4
            """));
        Assert.That(e!.Message, Does.Contain("accept() returned -1 EAGAIN (Resource temporarily unavailable); the script expects 4"));
    }

    [Test]
    public void BlockingCallNotMarkedAsBlockingIsExplained()
    {
        var e = Assert.Throws<PktFailure>(() => Run(Listen + "\n+0 accept(3, ..., ...) = 4"));
        Assert.That(e!.Message, Does.Contain("START...END"));
    }

    [Test]
    public void BlockingCallThatReturnsLateFails()
    {
        var e = Assert.Throws<PktFailure>(() => Run(Listen + """

            +0...0.1 accept(3, ..., ...) = 4
            +.5 < S 0:0(0) win 65535 <mss 1460>
            +0 > S. 0:0(0) ack 1 <mss 1460>
            +.01 < . 1:1(0) ack 1 win 65535
            """));
        Assert.That(e!.Message, Does.Contain("still blocked").Or.Contain("returned at"));
    }

    [Test]
    public void UnsupportedSystemCallIsAScriptErrorWithTheLine()
    {
        var e = Assert.Throws<PktSyntaxException>(() => Run("0 poll([{fd=3, events=POLLIN}], 1, 0) = 0"));
        Assert.That(e!.Message, Does.StartWith("t.pkt:1: unsupported system call poll()"));
    }

    [Test]
    public void ShutdownOfAnUnconnectedSocketIsEnotconnAsOnLinux() =>
        Run("""
            0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
            +0 shutdown(3, SHUT_WR) = -1 ENOTCONN (Transport endpoint is not connected)
            """);

    [Test]
    public void TheStackAnswersASynForAClosedPortWithRstAck() =>
        // RFC 9293 §3.10.7.1: <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>, what makes a client's connect fail with ECONNREFUSED.
        // The kit does this, not an exercise, so it is tested here.
        Run("""
            0   < S 0:0(0) win 65535 <mss 1460>
            +0  > R. 0:0(0) ack 1 win 0
            """);

    [Test]
    public void ShellCommandsAreSkippedAndReported()
    {
        var result = Run("`sysctl -q net.ipv4.tcp_syn_retries=6`\n0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3");
        Assert.That(result.Notes.Single(), Does.Contain("t.pkt:1: skipped shell command"));
    }
}
