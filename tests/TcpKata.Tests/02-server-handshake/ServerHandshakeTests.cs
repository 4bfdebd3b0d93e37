using TcpKata.Tests.Support;

namespace TcpKata.Tests.Exercise02_ServerHandshake;

/// <summary>Exercise 02, one test per (state, event): LISTEN and SYN_RCVD.</summary>
public sealed class ServerHandshakeTests
{
    private const string Listening = """
        0  socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
        +0 bind(3, ..., ...) = 0
        +0 listen(3, 8) = 0
        +0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0
        """;

    [Test]
    public void Listen_Syn_SendsSynAckAndEntersSynReceived()
    {
        var run = Pkt.Run(Listening + """

            +0 < S 300:300(0) win 65535 <mss 1460>
            +0 > S. 0:0(0) ack 301 win 65535 <mss 1460>
            """);
        var c = run.Connection();
        Assert.Multiple(() =>
        {
            Assert.That(c.State, Is.EqualTo(TcpState.SynReceived));
            Assert.That(c.Irs, Is.EqualTo(new SeqNum(300)), "IRS = the client's ISN, from its SYN");
            Assert.That(c.RcvNxt, Is.EqualTo(new SeqNum(301)), "RCV.NXT = IRS + 1: the SYN occupies one sequence number");
            Assert.That(c.SndUna, Is.EqualTo(c.Iss));
            Assert.That(c.SndNxt, Is.EqualTo(c.Iss + 1));
        });
    }

    [Test]
    public void Listen_Ack_IsAnsweredWithRstAndNoConnection()
    {
        var run = Pkt.Run(Listening + """

            +0 < . 1:1(0) ack 5000 win 65535
            +0 > R 5000:5000(0) win 0
            """);
        Assert.That(run.Connections(), Is.Empty, "nothing is created for a segment that is not a SYN");
    }

    [Test]
    public void Listen_Rst_IsIgnored()
    {
        var run = Pkt.Run(Listening + """

            +0  < R 1:1(0) win 0
            +.1 < S 0:0(0) win 65535 <mss 1460>
            +0  > S. 0:0(0) ack 1 <mss 1460>
            """);
        Assert.That(run.Connection().State, Is.EqualTo(TcpState.SynReceived), "the RST produced no reply: the first segment sent is the SYN+ACK");
    }

    [Test]
    public void SynReceived_Ack_EntersEstablishedAndQueuesForAccept()
    {
        var run = Pkt.Run(Listening + """

            +0   < S 0:0(0) win 65535 <mss 1460>
            +0   > S. 0:0(0) ack 1 <mss 1460>
            +.05 < . 1:1(0) ack 1 win 65535
            +0   accept(3, ..., ...) = 4
            """);
        var c = run.Connection();
        Assert.Multiple(() =>
        {
            Assert.That(c.State, Is.EqualTo(TcpState.Established));
            Assert.That(c.SndUna, Is.EqualTo(c.Iss + 1), "SND.UNA = SEG.ACK");
            Assert.That(c.IsRetransmissionTimerRunning, Is.False, "the SYN+ACK is acknowledged: no timer");
        });
    }

    [Test]
    public void SynReceived_DataWithTheAck_CompletesTheHandshakeAndIsDelivered()
    {
        Pkt.Run(Listening + """

            +0   < S 0:0(0) win 65535 <mss 1460>
            +0   > S. 0:0(0) ack 1 <mss 1460>
            +.05 < P. 1:11(10) ack 1 win 65535
            +0   > . 1:1(0) ack 11
            +0   accept(3, ..., ...) = 4
            +0   read(4, ..., 100) = 10
            """);
    }

    [Test]
    public void SynReceived_AckOfWrongNumber_IsAnsweredWithRst()
    {
        var run = Pkt.Run(Listening + """

            +0   < S 0:0(0) win 65535 <mss 1460>
            +0   > S. 0:0(0) ack 1 <mss 1460>
            +.05 < . 1:1(0) ack 0 win 65535
            +0   > R 0:0(0) win 0
            +0   accept(3, ..., ...) = -1 EAGAIN (Resource temporarily unavailable)
            """);
        Assert.That(run.Connection().State, Is.EqualTo(TcpState.SynReceived));
    }

    [Test]
    public void SynReceived_Rst_DropsTheHalfOpenConnection()
    {
        var run = Pkt.Run(Listening + """

            +0   < S 0:0(0) win 65535 <mss 1460>
            +0   > S. 0:0(0) ack 1 <mss 1460>
            +.05 < R 1:1(0) win 0
            +0   accept(3, ..., ...) = -1 EAGAIN (Resource temporarily unavailable)
            """);
        Assert.That(run.Connections(), Is.Empty, "a passive open reset in SYN_RCVD goes back to LISTEN: only the listening socket remains");
    }

    [Test]
    public void SynReceived_RstOutsideTheWindow_IsIgnored()
    {
        var run = Pkt.Run(Listening + """

            +0   < S 0:0(0) win 65535 <mss 1460>
            +0   > S. 0:0(0) ack 1 <mss 1460>
            +.05 < R 100000:100000(0) win 0
            """);
        Assert.That(run.Connection().State, Is.EqualTo(TcpState.SynReceived), "an RST must carry an in-window sequence number to count (RFC 9293 §3.10.7.4)");
    }

    [Test]
    public void SynReceived_SynRepeated_ResendsTheSameSynAck()
    {
        Pkt.Run(Listening + """

            +0   < S 0:0(0) win 65535 <mss 1460>
            +0   > S. 0:0(0) ack 1 <mss 1460>
            +.5  < S 0:0(0) win 65535 <mss 1460>
            +0   > S. 0:0(0) ack 1 <mss 1460>
            """);
    }

    [Test]
    public void SynReceived_RetransmissionTimeout_RetransmitsSynAckWithBackoff()
    {
        var run = Pkt.Run(Listening + """

            +0 < S 0:0(0) win 65535 <mss 1460>
            0  > S. 0:0(0) ack 1 <mss 1460>
            1  > S. 0:0(0) ack 1 <mss 1460>
            3  > S. 0:0(0) ack 1 <mss 1460>
            """);
        Assert.That(run.Connection().Rto, Is.EqualTo(TimeSpan.FromSeconds(4)));
    }

    [Test]
    public void SynReceived_RetransmissionTimeout_AfterSynAckRetriesDropsTheConnection()
    {
        var sim = new Simulation(Implementation.Handlers(), link: Engine.LinkOptions.Lan);
        sim.Network.AddFault(Engine.Fault.DropAll("client", "."));
        var server = sim.AddHost("server");
        var client = sim.AddHost("client");
        var listener = server.CreateSocket();
        listener.Bind(80);
        listener.Listen();
        client.CreateSocket().Connect("server", 80);
        sim.RunFor(TimeSpan.FromSeconds(120));
        Assert.That(server.Connections, Is.Empty,
            "after Limits.SynAckRetries (5) retransmissions the server gives up on a half-open connection\n" + sim.Trace.Render());
    }

    [Test]
    public void Listen_SynWhileAcceptQueueFull_IsDropped()
    {
        var run = Pkt.Run("""
            0    socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
            +0   bind(3, ..., ...) = 0
            +0   listen(3, 1) = 0
            +0   < 40001>8080 S 0:0(0) win 65535 <mss 1460>
            +0   > S. 0:0(0) ack 1 <mss 1460>
            +.01 < 40001>8080 . 1:1(0) ack 1 win 65535
            +.1  < 40002>8080 S 0:0(0) win 65535 <mss 1460>
            """);
        Assert.That(run.Connections(), Has.Count.EqualTo(1), "the second SYN found the accept queue full (backlog 1) and was dropped");
    }


    // RFC 9293 §3.10.7.2, LISTEN: "second, check for an ACK. Any acknowledgment is bad if it arrives on a connection still in
    // the LISTEN state. An acceptable reset segment should be formed for any arriving ACK-bearing segment: <SEQ=SEG.ACK><CTL=RST>".
    [Test]
    public void Listen_SynAck_IsAnsweredWithRstAndNoConnection()
    {
        var run = Pkt.Run(Listening + """

            +0 < S. 0:0(0) ack 5000 win 65535 <mss 1460>
            +0 > R 5000:5000(0) win 0
            """);
        Assert.That(run.Connections(), Is.Empty);
    }

    [Test]
    public void Listen_Data_IsAnsweredWithRstAndNoConnection()
    {
        var run = Pkt.Run(Listening + """

            +0 < P. 1:11(10) ack 5000 win 65535
            +0 > R 5000:5000(0) win 0
            """);
        Assert.That(run.Connections(), Is.Empty);
    }

    [Test]
    public void Listen_Fin_IsAnsweredWithRstAndNoConnection()
    {
        var run = Pkt.Run(Listening + """

            +0 < F. 1:1(0) ack 5000 win 65535
            +0 > R 5000:5000(0) win 0
            """);
        Assert.That(run.Connections(), Is.Empty);
    }

    // "fourth, other text or control: any other control or text-bearing segment (not containing SYN) must have an ACK and thus
    // would have been discarded by the ACK processing ... drop the segment and return." No window to be outside of yet.
    [Test]
    public void Listen_Unacceptable_SegmentWithNeitherSynNorAckIsDropped()
    {
        var run = Pkt.Run(Listening + """

            +0  < P 1:11(10) win 65535
            +.1 < S 0:0(0) win 65535 <mss 1460>
            +0  > S. 0:0(0) ack 1 <mss 1460>
            """);
        Assert.That(run.Connection().State, Is.EqualTo(TcpState.SynReceived), "no reply to the first segment: the first one sent is the SYN+ACK");
    }

    // "first check sequence number ... If an incoming segment is not acceptable, an acknowledgment should be sent in reply".
    [Test]
    public void SynReceived_Unacceptable_IsAnsweredWithAnAck()
    {
        var run = Pkt.Run(Listening + """

            +0   < S 0:0(0) win 65535 <mss 1460>
            +0   > S. 0:0(0) ack 1 <mss 1460>
            +.05 < . 100000:100000(0) ack 1 win 65535
            +0   > . 1:1(0) ack 1
            """);
        Assert.That(run.Connection().State, Is.EqualTo(TcpState.SynReceived), "the segment is dropped after the ACK; the handshake is not completed by it");
    }
}
