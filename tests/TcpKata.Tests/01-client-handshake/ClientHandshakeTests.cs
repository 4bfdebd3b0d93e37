using TcpKata.Tests.Support;

namespace TcpKata.Tests.Exercise01_ClientHandshake;

/// <summary>
/// Exercise 01, one test per (state, event) in the style of smoltcp's test_&lt;state&gt;_&lt;event&gt;.
/// Each test is a short packetdrill script: "&gt;" is what your code must send, "&lt;" what the peer sends.
/// </summary>
public sealed class ClientHandshakeTests
{
    private const string Connecting = Preludes.Connecting;

    [Test]
    public void Closed_Connect_SendsSynWithIsnAndEntersSynSent()
    {
        var run = Pkt.Run(Connecting + """

            +0 > S 0:0(0) win 65535 <mss 1460>
            """);
        var c = run.Connection();
        Assert.Multiple(() =>
        {
            Assert.That(c.State, Is.EqualTo(TcpState.SynSent), "after sending the SYN the client is in SYN_SENT");
            Assert.That(c.SndUna, Is.EqualTo(c.Iss), "SND.UNA = ISS: the SYN is not acknowledged yet");
            Assert.That(c.SndNxt, Is.EqualTo(c.Iss + 1), "SND.NXT = ISS + 1: the SYN occupies one sequence number");
        });
    }

    [Test]
    public void Closed_Connect_ChoosesDifferentIsnsForDifferentConnections()
    {
        var sim = new Simulation(Implementation.Handlers());
        var client = sim.AddHost("client");
        sim.AddHost("server");
        var first = client.CreateSocket();
        var second = client.CreateSocket();
        first.Blocking = second.Blocking = false;
        StartConnect(first);
        sim.RunFor(TimeSpan.FromMilliseconds(1));
        StartConnect(second);
        Assert.That(second.Connection!.Iss, Is.Not.EqualTo(first.Connection!.Iss),
            "each connection needs its own ISN from c.NewIsn(); a constant ISN lets attackers guess sequence numbers (RFC 6528)");
    }

    private static void StartConnect(TcpSocket socket)
    {
        try
        {
            socket.Connect("server", 80);
        }
        catch (System.Net.Sockets.SocketException e) when (e.SocketErrorCode == System.Net.Sockets.SocketError.InProgress)
        {
            // Non-blocking connect: the SYN is on its way.
        }
    }

    [Test]
    public void SynSent_SynAck_SetsIrsAndRcvNxtAndAcknowledges()
    {
        var run = Pkt.Run(Connecting + """

            +0   > S 0:0(0) <mss 1460>
            +.05 < S. 777:777(0) ack 1 win 65535 <mss 1460>
            +0   > . 1:1(0) ack 778 win 65535
            """);
        var c = run.Connection();
        Assert.Multiple(() =>
        {
            Assert.That(c.State, Is.EqualTo(TcpState.Established));
            Assert.That(c.Irs, Is.EqualTo(new SeqNum(777)), "IRS = SEG.SEQ of the SYN+ACK");
            Assert.That(c.RcvNxt, Is.EqualTo(new SeqNum(778)), "RCV.NXT = IRS + 1: the server's SYN occupies one sequence number");
            Assert.That(c.SndUna, Is.EqualTo(c.Iss + 1), "SND.UNA = SEG.ACK once the SYN is acknowledged");
        });
    }

    [Test]
    public void SynSent_SynAckAcknowledgingIsnWithoutPlusOne_IsAnsweredWithRst()
    {
        // ack 0 = our ISN itself: "SEG.ACK =< ISS" is not acceptable.
        var run = Pkt.Run(Connecting + """

            +0   > S 0:0(0) <mss 1460>
            +.05 < S. 0:0(0) ack 0 win 65535 <mss 1460>
            +0   > R 0:0(0) win 0
            """);
        Assert.That(run.Connection().State, Is.EqualTo(TcpState.SynSent), "a bad SYN+ACK changes nothing");
    }

    [Test]
    public void SynSent_SynAckAcknowledgingTheFuture_IsAnsweredWithRst()
    {
        var run = Pkt.Run(Connecting + """

            +0   > S 0:0(0) <mss 1460>
            +.05 < S. 0:0(0) ack 2 win 65535 <mss 1460>
            +0   > R 2:2(0) win 0
            """);
        Assert.That(run.Connection().State, Is.EqualTo(TcpState.SynSent));
    }

    [Test]
    public void SynSent_RstWithAcceptableAck_FailsConnectWithConnectionRefused()
    {
        var run = Pkt.Run(Connecting + """

            +0   > S 0:0(0) <mss 1460>
            +.05 < R. 0:0(0) ack 1 win 0
            +0   getsockopt(3, SOL_SOCKET, SO_ERROR, [ECONNREFUSED], [4]) = 0
            """);
        Assert.That(run.Connections(), Is.Empty, "an aborted connection is deleted (CLOSED, no TCB)");
    }

    [Test]
    public void SynSent_RstWithUnacceptableAck_IsIgnored()
    {
        // RFC 9293 §3.10.7.3: a bad ACK with RST set is dropped without a reply (never RST an RST).
        var run = Pkt.Run(Connecting + """

            +0   > S 0:0(0) <mss 1460>
            +.05 < R. 0:0(0) ack 9 win 0
            """);
        Assert.That(run.Connection().State, Is.EqualTo(TcpState.SynSent));
    }

    [Test]
    public void SynSent_RstWithoutAck_IsIgnored()
    {
        var run = Pkt.Run(Connecting + """

            +0   > S 0:0(0) <mss 1460>
            +.05 < R 0:0(0) win 0
            """);
        Assert.That(run.Connection().State, Is.EqualTo(TcpState.SynSent));
    }

    [Test]
    public void SynSent_AckWithoutSyn_IsIgnored()
    {
        var run = Pkt.Run(Connecting + """

            +0   > S 0:0(0) <mss 1460>
            +.05 < . 0:0(0) ack 1 win 65535
            """);
        Assert.That(run.Connection().State, Is.EqualTo(TcpState.SynSent), "without a SYN there is no IRS to acknowledge yet");
    }

    [Test]
    public void SynSent_RetransmissionTimeout_RetransmitsSynWithBackoff()
    {
        var run = Pkt.Run(Connecting + """

            0 > S 0:0(0) <mss 1460>
            1 > S 0:0(0) <mss 1460>
            3 > S 0:0(0) <mss 1460>
            7 > S 0:0(0) <mss 1460>
            """);
        var c = run.Connection();
        Assert.Multiple(() =>
        {
            Assert.That(c.Retransmissions, Is.EqualTo(3));
            Assert.That(c.Rto, Is.EqualTo(TimeSpan.FromSeconds(8)), "RTO doubles on every timeout: 1, 2, 4, 8 s (RFC 6298 (5.5))");
            Assert.That(c.IsRetransmissionTimerRunning, "restart the timer after retransmitting (RFC 6298 (5.6))");
        });
    }

    [Test]
    public void SynSent_RetransmissionTimeout_AfterSynRetriesFailsConnectWithTimedOut()
    {
        var run = Pkt.Run("""
            0        socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
            +0...127 connect(3, ..., ...) = -1 ETIMEDOUT (Connection timed out)
            """);
        Assert.That(run.Connections(), Is.Empty);
    }

    [Test]
    public void SynSent_SynAckAfterRetransmission_StopsTheTimer()
    {
        var run = Pkt.Run(Connecting + """

            0    > S 0:0(0) <mss 1460>
            1    > S 0:0(0) <mss 1460>
            +.05 < S. 0:0(0) ack 1 win 65535 <mss 1460>
            +0   > . 1:1(0) ack 1
            """);
        var c = run.Connection();
        Assert.Multiple(() =>
        {
            Assert.That(c.State, Is.EqualTo(TcpState.Established));
            Assert.That(c.UnacknowledgedSegments, Is.Zero);
            Assert.That(c.IsRetransmissionTimerRunning, Is.False, "nothing is outstanding, so no timer (RFC 6298 (5.2))");
        });
    }


    // RFC 9293 §3.10.7.3, SYN-SENT: "fifth, if neither of the SYN or RST bits is set, then drop the segment and return".
    [Test]
    public void SynSent_Data_WithoutSynIsDropped()
    {
        var run = Pkt.Run(Connecting + """

            +0   > S 0:0(0) <mss 1460>
            +.05 < P. 0:10(10) ack 1 win 65535
            +.95 > S 0:0(0) <mss 1460>
            """);
        Assert.That(run.Connection().State, Is.EqualTo(TcpState.SynSent), "dropped without a reply: the next segment sent is the SYN's retransmission");
    }

    [Test]
    public void SynSent_Fin_WithoutSynIsDropped()
    {
        var run = Pkt.Run(Connecting + """

            +0   > S 0:0(0) <mss 1460>
            +.05 < F. 0:0(0) ack 1 win 65535
            +.95 > S 0:0(0) <mss 1460>
            """);
        Assert.That(run.Connection().State, Is.EqualTo(TcpState.SynSent));
    }

    // "first check the ACK bit ... If SEG.ACK =< ISS or SEG.ACK > SND.NXT, send a reset (unless the RST bit is set) <SEQ=SEG.ACK><CTL=RST>".
    [Test]
    public void SynSent_UnacceptableAck_IsAnsweredWithRstAndKeepsWaiting()
    {
        var run = Pkt.Run(Connecting + """

            +0   > S 0:0(0) <mss 1460>
            +.05 < . 0:0(0) ack 1000 win 65535
            +0   > R 1000:1000(0) win 0
            """);
        Assert.That(run.Connection().State, Is.EqualTo(TcpState.SynSent), "the reset answers a stray segment; the connect goes on");
    }
}
