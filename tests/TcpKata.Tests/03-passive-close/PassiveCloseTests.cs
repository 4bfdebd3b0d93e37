using TcpKata.Tests.Support;

namespace TcpKata.Tests.Exercise03_PassiveClose;

/// <summary>
/// Exercise 03, one test per (state, event): ESTABLISHED + FIN, CLOSE_WAIT + close, LAST_ACK + ACK, LAST_ACK + timeout.
/// Each starts from a connection accepted by the server (exercise 02), which is the side under test.
/// </summary>
public sealed class PassiveCloseTests
{
    private const string Established = Preludes.AcceptedConnection;

    private const string CloseWait = Established + """

        +.1 < F. 1:1(0) ack 1 win 65535
        +0  > . 1:1(0) ack 2
        """;

    [Test]
    public void Established_Fin_IsAcknowledgedAndEntersCloseWait()
    {
        var run = Pkt.Run(CloseWait);
        var c = run.Connection();
        Assert.Multiple(() =>
        {
            Assert.That(c.State, Is.EqualTo(TcpState.CloseWait));
            Assert.That(c.RcvNxt, Is.EqualTo(c.Irs + 2), "RCV.NXT moved past the peer's SYN and its FIN: one sequence number each");
        });
    }

    [Test]
    public void Established_FinWithData_OneAckCoversDataAndFin() =>
        Pkt.Run(Established + """

            +.1 < FP. 1:11(10) ack 1 win 65535
            +0  > . 1:1(0) ack 12
            +0  read(4, ..., 100) = 10
            """);

    [Test]
    public void CloseWait_Receive_ReturnsZeroOnceTheDataIsRead() =>
        Pkt.Run(Established + """

            +.1 < P. 1:6(5) ack 1 win 65535
            +0  > . 1:1(0) ack 6
            +.1 < F. 6:6(0) ack 1 win 65535
            +0  > . 1:1(0) ack 7
            +0  read(4, ..., 100) = 5
            +0  read(4, ..., 100) = 0
            +0  read(4, ..., 100) = 0
            """);

    [Test]
    public void CloseWait_ReceiveBlocked_WakesUpWithZeroWhenTheFinArrives() =>
        Pkt.Run(Established + """

            +0...0.1 read(4, ..., 100) = 0
            +.1 < F. 1:1(0) ack 1 win 65535
            +0  > . 1:1(0) ack 2
            """);

    [Test]
    public void CloseWait_FinAgain_IsAcknowledgedAgain()
    {
        var run = Pkt.Run(CloseWait + """

            +.5 < F. 1:1(0) ack 1 win 65535
            +0  > . 1:1(0) ack 2
            """);
        Assert.That(run.Connection().State, Is.EqualTo(TcpState.CloseWait), "the old FIN is answered, never counted twice");
    }

    [Test]
    public void CloseWait_Close_SendsFinAndEntersLastAck()
    {
        var run = Pkt.Run(CloseWait + """

            +.1 close(4) = 0
            +0  > F. 1:1(0) ack 2 win 65535
            """);
        var c = run.Connection();
        Assert.Multiple(() =>
        {
            Assert.That(c.State, Is.EqualTo(TcpState.LastAck));
            Assert.That(c.SndNxt, Is.EqualTo(c.Iss + 2), "SND.NXT moved past our SYN and our FIN");
        });
    }

    [Test]
    public void CloseWait_CloseAfterWrite_SendsTheDataBeforeTheFin() =>
        Pkt.Run(CloseWait + """

            +.1 write(4, ..., 100) = 100
            +0  > P. 1:101(100) ack 2
            +0  close(4) = 0
            +0  > F. 101:101(0) ack 2
            """);

    [Test]
    public void LastAck_AckOfFin_DeletesTheConnection()
    {
        var run = Pkt.Run(CloseWait + """

            +.1 close(4) = 0
            +0  > F. 1:1(0) ack 2
            +.1 < . 2:2(0) ack 2 win 65535
            """);
        Assert.That(run.Connections(), Is.Empty, "after LAST_ACK comes CLOSED: no TCB is left");
    }

    [Test]
    public void LastAck_AckOfDataButNotFin_StaysInLastAck()
    {
        var run = Pkt.Run(CloseWait + """

            +.1 write(4, ..., 100) = 100
            +0  > P. 1:101(100) ack 2
            +0  close(4) = 0
            +0  > F. 101:101(0) ack 2
            +.1 < . 2:2(0) ack 101 win 65535
            """);
        Assert.That(run.Connection().State, Is.EqualTo(TcpState.LastAck), "ack 101 covers the data, not the FIN (102)");
    }

    [Test]
    public void LastAck_RetransmissionTimeout_RetransmitsFinWithBackoff()
    {
        var run = Pkt.Run(CloseWait + """

            +0  close(4) = 0
            +0  > F. 1:1(0) ack 2
            +1  > F. 1:1(0) ack 2
            +2  > F. 1:1(0) ack 2
            +4  > F. 1:1(0) ack 2
            """);
        Assert.That(run.Connection().Rto, Is.EqualTo(TimeSpan.FromSeconds(8)));
    }

    [Test]
    public void LastAck_RetransmissionTimeout_AfterFinRetriesDropsTheConnection()
    {
        var run = Pkt.Run(CloseWait + """

            +0 close(4) = 0
            +0 > F. 1:1(0) ack 2
            """);
        run.Simulation.RunFor(TimeSpan.FromMinutes(20));
        var fins = run.SentByLocal().Count(s => s.IsFin);
        Assert.Multiple(() =>
        {
            Assert.That(fins, Is.EqualTo(1 + TcpLimits.Default.FinRetries), "the FIN and Limits.FinRetries (8) retransmissions");
            Assert.That(run.Connections(), Is.Empty, "then the connection is given up");
        });
    }

    [Test]
    public void Closed_Ack_ForTheDeletedConnectionIsAnsweredWithRst() =>
        Pkt.Run(CloseWait + """

            +.1 close(4) = 0
            +0  > F. 1:1(0) ack 2
            +.1 < . 2:2(0) ack 2 win 65535
            +.1 < P. 2:12(10) ack 2 win 65535
            +0  > R 2:2(0) win 0
            """);

    // RFC 9293 §3.10.7.4: the ACK that completes the handshake may carry the peer's FIN: ESTABLISHED (exercise 02), then
    // "continue processing" to the eighth step, which takes the FIN (yours, in OnFin): so this test belongs to exercise 03.
    [Test]
    public void SynReceived_Fin_WithTheAckEstablishesThenEntersCloseWait()
    {
        var run = Pkt.Run("""
            0    socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
            +0   bind(3, ..., ...) = 0
            +0   listen(3, 8) = 0
            +0   < S 0:0(0) win 65535 <mss 1460>
            +0   > S. 0:0(0) ack 1 <mss 1460>
            +.05 < F. 1:1(0) ack 1 win 65535
            +0   > . 1:1(0) ack 2
            +0   accept(3, ..., ...) = 4
            +0   read(4, ..., 100) = 0
            """);
        Assert.That(run.Connection().State, Is.EqualTo(TcpState.CloseWait));
    }

    // Shutdown(Send) in CLOSE_WAIT is a close of our sending side: the same FIN as Close, and the socket can still read
    // (it returns 0: the peer has finished).
    [Test]
    public void CloseWait_Shutdown_SendsTheFinAndEntersLastAck()
    {
        var run = Pkt.Run(CloseWait + """

            +.1 shutdown(4, SHUT_WR) = 0
            +0  > F. 1:1(0) ack 2
            +0  read(4, ..., 100) = 0
            """);
        Assert.That(run.Connection().State, Is.EqualTo(TcpState.LastAck));
    }

    private const string LastAck = CloseWait + """

        +.1 close(4) = 0
        +0  > F. 1:1(0) ack 2
        """;

    // RFC 9293 §3.10.7.4, seventh: in LAST-ACK "this should not occur, since a FIN has been received from the remote side.
    // Ignore the segment text." The segment is still acknowledged.
    [Test]
    public void LastAck_Data_IsIgnoredButAcknowledged()
    {
        var run = Pkt.Run(LastAck + """

            +.1 < P. 2:12(10) ack 1 win 65535
            +0  > . 2:2(0) ack 2
            """);
        var c = run.Connection();
        Assert.Multiple(() =>
        {
            Assert.That(c.State, Is.EqualTo(TcpState.LastAck));
            Assert.That(c.RcvNxt, Is.EqualTo(c.Irs + 2), "nothing after the peer's FIN is taken");
        });
    }

    // The peer did not get our ACK of its FIN and sends it again: an old segment, not acceptable, so acknowledged again (step one).
    [Test]
    public void LastAck_FinAgain_IsAcknowledgedAgain()
    {
        var run = Pkt.Run(LastAck + """

            +.1 < F. 1:1(0) ack 1 win 65535
            +0  > . 2:2(0) ack 2
            """);
        Assert.That(run.Connection().State, Is.EqualTo(TcpState.LastAck), "our own FIN is still unacknowledged");
    }
}
