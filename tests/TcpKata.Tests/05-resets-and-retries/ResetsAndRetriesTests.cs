using System.Net.Sockets;
using TcpKata.Engine;
using TcpKata.Tests.Support;

namespace TcpKata.Tests.Exercise05_ResetsAndRetries;

/// <summary>Exercise 05: a RST in every synchronized state (RFC 9293 §3.10.7.4 with RFC 5961 §3), and the retry limits.</summary>
public sealed class ResetsAndRetriesTests
{
    private const string Established = Preludes.AcceptedConnection;

    [Test]
    public void Established_RstAtRcvNxt_ResetsTheConnection()
    {
        var run = Pkt.Run(Established + """

            +.1 < R 1:1(0) win 0
            +0  read(4, ..., 100) = -1 ECONNRESET (Connection reset by peer)
            """);
        Assert.That(run.Connections(), Is.Empty);
    }

    [Test]
    public void Established_RstInTheWindowButNotAtRcvNxt_GetsAChallengeAck()
    {
        var run = Pkt.Run(Established + """

            +.1 < R 10:10(0) win 0
            +0  > . 1:1(0) ack 1 win 65535
            """);
        Assert.That(run.Connection().State, Is.EqualTo(TcpState.Established), "a blind reset must not kill the connection");
    }

    [Test]
    public void Established_RstOutsideTheWindow_IsDroppedSilently()
    {
        var run = Pkt.Run(Established + """

            +.1 < R 3000000:3000000(0) win 0
            +.1 write(4, ..., 10) = 10
            +0  > P. 1:11(10) ack 1
            """);
        Assert.That(run.Connection().State, Is.EqualTo(TcpState.Established), "no reply: the first thing sent is our data");
    }

    [Test]
    public void CloseWait_Rst_ResetsTheConnection()
    {
        var run = Pkt.Run(Established + """

            +.1 < F. 1:1(0) ack 1 win 65535
            +0  > . 1:1(0) ack 2
            +.1 < R 2:2(0) win 0
            """);
        Assert.That(run.Connections(), Is.Empty);
    }

    [Test]
    public void FinWait2_Rst_ResetsAHalfClosedConnection()
    {
        var run = Pkt.Run(Established + """

            +.1 shutdown(4, SHUT_WR) = 0
            +0  > F. 1:1(0) ack 1
            +.1 < . 1:1(0) ack 2 win 65535
            +.1 < R 1:1(0) win 0
            +0  read(4, ..., 100) = -1 ECONNRESET (Connection reset by peer)
            """);
        Assert.That(run.Connections(), Is.Empty);
    }

    [Test]
    public void FinWait1_Rst_ResetsTheConnection()
    {
        var run = Pkt.Run(Established + """

            +.1 shutdown(4, SHUT_WR) = 0
            +0  > F. 1:1(0) ack 1
            +.1 < R 1:1(0) win 0
            +0  read(4, ..., 100) = -1 ECONNRESET (Connection reset by peer)
            """);
        Assert.That(run.Connections(), Is.Empty, "a RST at RCV.NXT ends FIN_WAIT_1 as it ends ESTABLISHED");
    }

    // The kit's own step four (RFC 9293 §3.10.7.4, RFC 5961 §4): a SYN on a synchronized connection is answered with a
    // challenge ACK and changes nothing; a real peer that restarted answers that ACK with a RST.
    [Test]
    public void Established_Syn_IsAnsweredWithAChallengeAck()
    {
        var run = Pkt.Run(Established + """

            +.1 < S 1:1(0) win 65535 <mss 1460>
            +0  > . 1:1(0) ack 1
            """);
        Assert.That(run.Connection().State, Is.EqualTo(TcpState.Established));
    }

    // The kit's step five: "If the ACK acks something not yet sent (SEG.ACK > SND.NXT), then send an ACK, drop the segment,
    // and return."
    [Test]
    public void Established_AckOfUnsentData_IsAnsweredWithAnAckAndDropped()
    {
        var run = Pkt.Run(Established + """

            +.1 < P. 1:11(10) ack 1000 win 65535
            +0  > . 1:1(0) ack 1
            """);
        var c = run.Connection();
        Assert.Multiple(() =>
        {
            Assert.That(c.SndUna, Is.EqualTo(c.Iss + 1), "SND.UNA did not move to what was never sent");
            Assert.That(c.RcvNxt, Is.EqualTo(c.Irs + 1), "the segment's data was dropped with it");
        });
    }

    private const string Connecting = """
        0  socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
        +0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0
        +0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)
        +0 > S 0:0(0) <mss 1460>
        """;

    // Bonus, simultaneous open (RFC 9293 Figure 7, §3.10.7.3): "If the state is SYN-SENT and a SYN arrives without an ACK:
    // enter SYN-RECEIVED, form a SYN,ACK segment <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK> and send it".
    [Test]
    public void SynSent_Syn_SimultaneousOpenAnswersWithSynAckAndEntersSynReceived()
    {
        var run = Pkt.Run(Connecting + """

            +.05 < S 0:0(0) win 65535 <mss 1460>
            +0   > S. 0:0(0) ack 1 <mss 1460>
            """);
        Assert.That(run.Connection().State, Is.EqualTo(TcpState.SynReceived));
    }

    // The peer's SYN+ACK in a simultaneous open repeats a SYN already taken: it is acknowledged, and the peer's ACK of our
    // SYN+ACK completes the connection.
    [Test]
    public void SynReceived_SynAck_InASimultaneousOpenIsAcknowledged()
    {
        var run = Pkt.Run(Connecting + """

            +.05 < S 0:0(0) win 65535 <mss 1460>
            +0   > S. 0:0(0) ack 1 <mss 1460>
            +.05 < S. 0:0(0) ack 1 win 65535 <mss 1460>
            +0   > . 1:1(0) ack 1
            +.05 < . 1:1(0) ack 1 win 65535
            """);
        Assert.That(run.Connection().State, Is.EqualTo(TcpState.Established));
    }

    [Test]
    public void LastAck_Rst_ClosesQuietly()
    {
        var run = Pkt.Run(Established + """

            +.1 < F. 1:1(0) ack 1 win 65535
            +0  > . 1:1(0) ack 2
            +0  close(4) = 0
            +0  > F. 1:1(0) ack 2
            +.1 < R 2:2(0) win 0
            """);
        Assert.That(run.Connections(), Is.Empty);
    }

    [Test]
    public void Closing_Rst_Closes()
    {
        var run = Pkt.Run(Established + """

            +.1 close(4) = 0
            +0  > F. 1:1(0) ack 1
            +0  < F. 1:1(0) ack 1 win 65535
            +0  > . 2:2(0) ack 2
            +.1 < R 2:2(0) win 0
            """);
        Assert.That(run.Connections(), Is.Empty);
    }

    [Test]
    public void SynRetriesAreConfigurable()
    {
        var sim = new Simulation(Implementation.Handlers(), limits: TcpLimits.Default with { SynRetries = 2 });
        sim.AddHost("server");
        var client = sim.AddHost("client");
        sim.Network.AddFault(Fault.DropAll("client", "S"));
        SocketException? e = null;
        try
        {
            client.CreateSocket().Connect("server", 80);
        }
        catch (SocketException failed)
        {
            e = failed;
        }
        Assert.Multiple(() =>
        {
            Assert.That(e?.SocketErrorCode, Is.EqualTo(SocketError.TimedOut));
            Assert.That(sim.Now, Is.EqualTo(TimeSpan.FromSeconds(7)), "SYNs at 0, 1 and 3 s; the last timeout ends at 3 + 4 = 7 s");
        });
    }

    [Test]
    public void RetransmissionScheduleFollowsRfc6298Backoff()
    {
        var sim = global::TcpKata.Scenarios.ScenarioCatalog.Find("syn-timeout")!.Run(Implementation.Handlers());
        var syns = sim.Trace.Events.Where(e => e.Kind == Tracing.TraceKind.Sent && e.Segment.IsSyn && e.Host == "client").Select(e => e.Time.TotalSeconds);
        Assert.That(syns, Is.EqualTo(new double[] { 0, 1, 3, 7, 15, 31, 63 }), "the RTO doubles after each timeout: 1, 2, 4, 8, 16, 32 s");
    }
}
