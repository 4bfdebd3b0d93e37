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
    public void FinWait2_AfterCloseWithoutThePeersFin_GivesUpAfterTcpFinTimeout()
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
    public void FinWait2_AfterAHalfClose_WaitsForThePeer()
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
    public void TimeWait_Lasts2Msl_ThenTheConnectionIsDeleted()
    {
        var run = Pkt.Run(TimeWait);
        var entered = run.Simulation.Now;
        run.Simulation.RunUntil(entered + 2 * TcpLimits.Default.Msl - TimeSpan.FromSeconds(1));
        Assert.That(run.Connection().State, Is.EqualTo(TcpState.TimeWait), "one second before 2 x MSL");
        run.Simulation.RunUntil(entered + 2 * TcpLimits.Default.Msl + TimeSpan.FromSeconds(1));
        Assert.That(run.Connections(), Is.Empty, "2 x MSL = 60 s after entering TIME_WAIT, CLOSED");
    }

    [Test]
    public void TimeWait_RetransmittedFin_IsAcknowledgedAgainAndRestartsTheTimer()
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
    public void FinWait1_FinRetriesExhausted_DropsTheConnection()
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
}
