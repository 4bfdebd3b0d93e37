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
