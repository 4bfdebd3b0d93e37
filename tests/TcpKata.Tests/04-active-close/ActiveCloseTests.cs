using TcpKata.Tests.Support;

namespace TcpKata.Tests.Exercise04_ActiveClose;

/// <summary>
/// Exercise 04, one test per (state, event): ESTABLISHED + close, FIN_WAIT_1, FIN_WAIT_2, CLOSING, TIME_WAIT.
/// The client side is under test here, connected with exercise 01's handshake.
/// </summary>
public sealed class ActiveCloseTests
{
    private const string Connected = """
        0          socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
        +0...0.05  connect(3, ..., ...) = 0
        +0         > S 0:0(0) <mss 1460>
        +.05       < S. 0:0(0) ack 1 win 65535 <mss 1460>
        +0         > . 1:1(0) ack 1
        """;

    private const string FinWait1 = Connected + """

        +.1 close(3) = 0
        +0  > F. 1:1(0) ack 1 win 65535
        """;

    private const string TimeWait = FinWait1 + """

        +.05 < F. 1:1(0) ack 2 win 65535
        +0   > . 2:2(0) ack 2
        """;

    [Test]
    public void Established_Close_SendsFinAndEntersFinWait1()
    {
        var c = Pkt.Run(FinWait1).Connection();
        Assert.Multiple(() =>
        {
            Assert.That(c.State, Is.EqualTo(TcpState.FinWait1));
            Assert.That(c.SndNxt, Is.EqualTo(c.Iss + 2), "SND.NXT moved past the SYN and the FIN");
        });
    }

    [Test]
    public void Established_CloseAfterWrite_SendsTheDataBeforeTheFin() =>
        Pkt.Run(Connected + """

            +.1 write(3, ..., 100) = 100
            +0  > P. 1:101(100) ack 1
            +0  close(3) = 0
            +0  > F. 101:101(0) ack 1
            """);

    [Test]
    public void FinWait1_AckOfFin_EntersFinWait2()
    {
        var run = Pkt.Run(FinWait1 + """

            +.05 < . 1:1(0) ack 2 win 65535
            """);
        Assert.That(run.Connection().State, Is.EqualTo(TcpState.FinWait2));
    }

    [Test]
    public void FinWait1_AckOfDataButNotFin_StaysInFinWait1()
    {
        var run = Pkt.Run(Connected + """

            +.1  write(3, ..., 100) = 100
            +0   > P. 1:101(100) ack 1
            +0   close(3) = 0
            +0   > F. 101:101(0) ack 1
            +.05 < . 1:1(0) ack 101 win 65535
            """);
        Assert.That(run.Connection().State, Is.EqualTo(TcpState.FinWait1), "ack 101 covers the data, not the FIN (102)");
    }

    [Test]
    public void FinWait1_FinAndAckTogether_GoStraightToTimeWait()
    {
        var c = Pkt.Run(TimeWait).Connection();
        Assert.Multiple(() =>
        {
            Assert.That(c.State, Is.EqualTo(TcpState.TimeWait));
            Assert.That(c.IsTimeWaitTimerRunning, "TIME_WAIT starts its 2 x MSL timer");
        });
    }

    [Test]
    public void FinWait1_FinWithoutAckOfOurs_EntersClosing()
    {
        var run = Pkt.Run(FinWait1 + """

            +0 < F. 1:1(0) ack 1 win 65535
            +0 > . 2:2(0) ack 2
            """);
        Assert.That(run.Connection().State, Is.EqualTo(TcpState.Closing), "simultaneous close: the FINs crossed");
    }

    [Test]
    public void Closing_AckOfFin_EntersTimeWait()
    {
        var run = Pkt.Run(FinWait1 + """

            +0   < F. 1:1(0) ack 1 win 65535
            +0   > . 2:2(0) ack 2
            +.05 < . 2:2(0) ack 2 win 65535
            """);
        Assert.That(run.Connection().State, Is.EqualTo(TcpState.TimeWait));
    }

    [Test]
    public void FinWait2_Fin_IsAcknowledgedAndEntersTimeWait()
    {
        var run = Pkt.Run(FinWait1 + """

            +.05 < . 1:1(0) ack 2 win 65535
            +.05 < F. 1:1(0) ack 2 win 65535
            +0   > . 2:2(0) ack 2
            """);
        Assert.That(run.Connection().State, Is.EqualTo(TcpState.TimeWait));
    }

    [Test]
    public void FinWait2_DataStillArrivesAfterAHalfClose() =>
        Pkt.Run(Connected + """

            +.1  shutdown(3, SHUT_WR) = 0
            +0   > F. 1:1(0) ack 1
            +.05 < . 1:1(0) ack 2 win 65535
            +.05 < P. 1:11(10) ack 2 win 65535
            +0   > . 2:2(0) ack 11
            +0   read(3, ..., 100) = 10
            +0   write(3, ..., 10) = -1 EPIPE (Broken pipe)
            """);

    [Test]
    public void FinWait2_FinWait2Timeout_GivesUpOnAClosedSocketAfterTcpFinTimeout()
    {
        var run = Pkt.Run(FinWait1 + """

            +.05 < . 1:1(0) ack 2 win 65535
            """);
        run.Simulation.RunFor(TcpLimits.Default.FinWait2Timeout - TimeSpan.FromSeconds(1));
        Assert.That(run.Connection().State, Is.EqualTo(TcpState.FinWait2));
        run.Simulation.RunFor(TimeSpan.FromSeconds(2));
        Assert.That(run.Connections(), Is.Empty, "a closed socket waits only tcp_fin_timeout (60 s) in FIN_WAIT_2, as on Linux");
    }

    [Test]
    public void FinWait2_FinWait2Timeout_NeverStartsAfterAHalfClose()
    {
        var run = Pkt.Run(Connected + """

            +.1  shutdown(3, SHUT_WR) = 0
            +0   > F. 1:1(0) ack 1
            +.05 < . 1:1(0) ack 2 win 65535
            """);
        run.Simulation.RunFor(TimeSpan.FromMinutes(10));
        Assert.That(run.Connection().State, Is.EqualTo(TcpState.FinWait2), "the app may still read: no timeout while the socket is open");
    }

    [Test]
    public void TimeWait_TimeWaitTimeout_DeletesTheConnectionAfter2Msl()
    {
        var run = Pkt.Run(TimeWait);
        var entered = run.Simulation.Now;
        run.Simulation.RunUntil(entered + 2 * TcpLimits.Default.Msl - TimeSpan.FromSeconds(1));
        Assert.That(run.Connection().State, Is.EqualTo(TcpState.TimeWait), "one second before 2 x MSL");
        run.Simulation.RunUntil(entered + 2 * TcpLimits.Default.Msl + TimeSpan.FromSeconds(1));
        Assert.That(run.Connections(), Is.Empty, "2 x MSL = 60 s after entering TIME_WAIT, CLOSED");
    }

    [Test]
    public void TimeWait_FinAgain_IsAcknowledgedAgainAndRestartsTheTimer()
    {
        var run = Pkt.Run(TimeWait + """

            +30 < F. 1:1(0) ack 2 win 65535
            +0  > . 2:2(0) ack 2
            """);
        var reAcked = run.Simulation.Now;
        run.Simulation.RunUntil(reAcked + TimeSpan.FromSeconds(59));
        Assert.That(run.Connection().State, Is.EqualTo(TcpState.TimeWait), "the timer restarted at the retransmitted FIN");
        run.Simulation.RunUntil(reAcked + TimeSpan.FromSeconds(61));
        Assert.That(run.Connections(), Is.Empty);
    }

    [Test]
    public void FinWait1_RetransmissionTimeout_RetransmitsFinWithBackoff()
    {
        var run = Pkt.Run(FinWait1 + """

            +1 > F. 1:1(0) ack 1
            +2 > F. 1:1(0) ack 1
            """);
        Assert.That(run.Connection().Rto, Is.EqualTo(TimeSpan.FromSeconds(4)));
    }

    [Test]
    public void FinWait1_RetransmissionTimeout_AfterFinRetriesDropsTheConnection()
    {
        var run = Pkt.Run(FinWait1);
        run.Simulation.RunFor(TimeSpan.FromMinutes(20));
        var fins = run.SentByLocal().Count(s => s.IsFin);
        Assert.Multiple(() =>
        {
            Assert.That(fins, Is.EqualTo(1 + TcpLimits.Default.FinRetries));
            Assert.That(run.Connections(), Is.Empty);
        });
    }

    [Test]
    public void Established_CloseWithUnreadData_SendsRstInsteadOfFin()
    {
        var run = Pkt.Run(Connected + """

            +.1 < P. 1:11(10) ack 1 win 65535
            +0  > . 1:1(0) ack 11
            +0  close(3) = 0
            +0  > R. 1:1(0) ack 11 win 0
            """);
        Assert.That(run.Connections(), Is.Empty);
    }

    [Test]
    public void Established_ShutdownRead_SendsNothingAndReadsReturnZero() =>
        Pkt.Run(Connected + """

            +.1 shutdown(3, SHUT_RD) = 0
            +0  read(3, ..., 100) = 0
            +.1 close(3) = 0
            +0  > F. 1:1(0) ack 1
            """);


    private const string HalfClosed = Connected + """

        +.1 shutdown(3, SHUT_WR) = 0
        +0  > F. 1:1(0) ack 1
        """;

    private const string Closing = FinWait1 + """

        +.05 < F. 1:1(0) ack 1 win 65535
        +0   > . 2:2(0) ack 2
        """;

    // FIN_WAIT_1 still receives: only our side has finished sending.
    [Test]
    public void FinWait1_Data_IsAcknowledgedAndDelivered() =>
        Pkt.Run(HalfClosed + """

            +.05 < P. 1:11(10) ack 1 win 65535
            +0   > . 2:2(0) ack 11
            +0   read(3, ..., 100) = 10
            """);

    [Test]
    public void FinWait2_Ack_ChangesNothing()
    {
        const string finWait2 = HalfClosed + """

            +.05 < . 1:1(0) ack 2 win 65535
            """;
        var run = Pkt.Run(finWait2 + """

            +.1 < . 1:1(0) ack 2 win 65535
            """);
        Assert.Multiple(() =>
        {
            Assert.That(run.Connection().State, Is.EqualTo(TcpState.FinWait2));
            Assert.That(run.SentByLocal().Count(), Is.EqualTo(Pkt.Run(finWait2, test: "FinWait2_Ack_ChangesNothing_Prelude").SentByLocal().Count()), "nothing sent in reply");
        });
    }

    // The app closes a half-closed socket in FIN_WAIT_2: nobody will read any more, so the wait for the peer's FIN is bounded.
    [Test]
    public void FinWait2_Close_StartsTheOrphanTimeout()
    {
        var run = Pkt.Run(HalfClosed + """

            +.05 < . 1:1(0) ack 2 win 65535
            +.1  close(3) = 0
            """);
        var closed = run.Simulation.Now;
        run.Simulation.RunUntil(closed + TcpLimits.Default.FinWait2Timeout - TimeSpan.FromSeconds(1));
        Assert.That(run.Connection().State, Is.EqualTo(TcpState.FinWait2));
        run.Simulation.RunUntil(closed + TcpLimits.Default.FinWait2Timeout + TimeSpan.FromSeconds(1));
        Assert.That(run.Connections(), Is.Empty, "tcp_fin_timeout after the close");
    }

    // RFC 9293 §3.10.7.4, seventh: in CLOSING the peer has sent its FIN; "ignore the segment text", acknowledge the segment.
    [Test]
    public void Closing_Data_IsIgnoredButAcknowledged()
    {
        var run = Pkt.Run(Closing + """

            +.05 < P. 2:12(10) ack 1 win 65535
            +0   > . 2:2(0) ack 2
            """);
        Assert.That(run.Connection().State, Is.EqualTo(TcpState.Closing));
    }

    // The peer's FIN again (our ACK of it was lost): an old segment, acknowledged again; we still wait for the ACK of ours.
    [Test]
    public void Closing_FinAgain_IsAcknowledgedAgain()
    {
        var run = Pkt.Run(Closing + """

            +.05 < F. 1:1(0) ack 1 win 65535
            +0   > . 2:2(0) ack 2
            """);
        Assert.That(run.Connection().State, Is.EqualTo(TcpState.Closing));
    }

    [Test]
    public void Closing_RetransmissionTimeout_RetransmitsTheFin()
    {
        var run = Pkt.Run(Closing + """

            +.95 > F. 1:1(0) ack 2
            """);
        Assert.That(run.Connection().Rto, Is.EqualTo(TimeSpan.FromSeconds(2)), "backed off");
    }

    // RFC 9293 §3.10.7.4, fourth: "If the SYN bit is set, irrespective of the sequence number, TCP endpoints MUST send a
    // 'challenge ACK'" (RFC 5961 §4); TIME-WAIT accepts a new connection only with timestamps, which the kit does not do.
    [Test]
    public void TimeWait_Syn_IsAnsweredWithAChallengeAck()
    {
        var run = Pkt.Run(TimeWait + """

            +1 < S 1000:1000(0) win 65535 <mss 1460>
            +0 > . 2:2(0) ack 2
            """);
        Assert.That(run.Connection().State, Is.EqualTo(TcpState.TimeWait));
    }

    [Test]
    public void TimeWait_SynAck_IsAnsweredWithAChallengeAck()
    {
        var run = Pkt.Run(TimeWait + """

            +1 < S. 1000:1000(0) ack 2 win 65535 <mss 1460>
            +0 > . 2:2(0) ack 2
            """);
        Assert.That(run.Connection().State, Is.EqualTo(TcpState.TimeWait));
    }

    // "The only thing that can arrive in this state is a retransmission of the remote FIN": a plain ACK changes nothing.
    [Test]
    public void TimeWait_Ack_ChangesNothing()
    {
        var run = Pkt.Run(TimeWait + """

            +1 < . 2:2(0) ack 2 win 65535
            """);
        var entered = run.Simulation.Now - TimeSpan.FromSeconds(1);
        Assert.Multiple(() =>
        {
            Assert.That(run.SentByLocal().Count(), Is.EqualTo(Pkt.Run(TimeWait, test: "TimeWait_Ack_ChangesNothing_Prelude").SentByLocal().Count()), "nothing sent");
            run.Simulation.RunUntil(entered + 2 * TcpLimits.Default.Msl + TimeSpan.FromSeconds(0.5));
            Assert.That(run.Connections(), Is.Empty, "the 2 x MSL timer was not restarted");
        });
    }

    // Seventh: "ignore the segment text".
    [Test]
    public void TimeWait_Data_IsIgnored()
    {
        var run = Pkt.Run(TimeWait + """

            +1 < P. 2:12(10) ack 2 win 65535
            """);
        var c = run.Connection();
        Assert.Multiple(() =>
        {
            Assert.That(c.State, Is.EqualTo(TcpState.TimeWait));
            Assert.That(c.RcvNxt, Is.EqualTo(c.Irs + 2), "nothing after the peer's FIN is taken");
        });
    }

    // Second, the RST bit: "TIME-WAIT STATE: If the RST bit is set, then enter the CLOSED state, delete the TCB" (RFC 1337
    // explains why some stacks ignore it; Linux by default does not).
    [Test]
    public void TimeWait_Rst_InTheWindowClosesTheConnection()
    {
        var run = Pkt.Run(TimeWait + """

            +1 < R. 2:2(0) ack 2 win 0
            """);
        Assert.That(run.Connections(), Is.Empty);
    }

    // First, the sequence number: "If an incoming segment is not acceptable, an acknowledgment should be sent in reply".
    [Test]
    public void TimeWait_Unacceptable_IsAnsweredWithAnAck()
    {
        var run = Pkt.Run(TimeWait + """

            +1 < . 100000:100000(0) ack 2 win 65535
            +0 > . 2:2(0) ack 2
            """);
        Assert.That(run.Connection().State, Is.EqualTo(TcpState.TimeWait));
    }

    [TestCase("close", 4)]
    [TestCase("close-delayed-ack", 3)]
    public void TeardownIsFourSegments_OrThreeWhenTheAckRidesOnTheFin(string scenario, int segments)
    {
        // Real Linux traces often show F. / F. / . : with delayed ACK the passive side's ACK waits, and
        // when the app closes at once it leaves together with the FIN. Both ends close here: this is exercise 04's.
        var sim = global::TcpKata.Scenarios.ScenarioCatalog.Find(scenario)!.Run(Implementation.Handlers());
        var sent = sim.Trace.Events.Where(e => e.Kind == Tracing.TraceKind.Sent).ToList();
        var firstFin = sent.FindIndex(e => e.Segment.IsFin);
        Assert.That(sent.Count - firstFin, Is.EqualTo(segments), sim.Trace.Render());
    }
}
