using TcpKata.Scripts;

using static TcpKata.Kit.Tests.WrongHandlers;

namespace TcpKata.Kit.Tests;

/// <summary>
/// A script failure's first line says what the local connection did wrong, in TCP's terms, never that the script is at
/// fault; timing failures show the schedule; every ack and sequence mismatch gets a hint with relative numbers. The
/// handlers here are wrong on purpose and run with their contracts unchecked, to reach the script's own diagnosis.
/// </summary>
public sealed class ScriptFailureTests
{
    private const string Accept = ScriptPreludes.Accepted;

    private static PktFailure Fails(string script, TcpHandlers handlers) =>
        Assert.Throws<PktFailure>(() => PktRunner.Run(PktParser.Parse(script, "t.pkt"), handlers.WithoutContracts()))!;

    private sealed class NeverEstablished(IServerHandshake reference) : IServerHandshake
    {
        public void OnSegmentInListen(Connection c, Segment seg) => reference.OnSegmentInListen(c, seg);

        public void OnSegmentInSynReceived(Connection c, Segment seg)
        {
            if (seg.IsAck) c.SndUna = seg.Ack;
        }

        public void OnRetransmissionTimeout(Connection c) => reference.OnRetransmissionTimeout(c);
    }

    private sealed class NoBackoff(IClientHandshake reference) : IClientHandshake
    {
        public void OnConnect(Connection c) => reference.OnConnect(c);

        public void OnSegmentInSynSent(Connection c, Segment seg) => reference.OnSegmentInSynSent(c, seg);

        public void OnRetransmissionTimeout(Connection c)
        {
            c.RetransmitEarliest();
            c.RestartRetransmissionTimer();
        }
    }

    [Test]
    public void SynReceived_FinalAckNotTaken_AcceptSaysTheConnectionIsStillSynRcvd()
    {
        var e = Fails(Accept, With(new NeverEstablished(Reference.Handlers().ServerHandshake)));
        Assert.Multiple(() =>
        {
            Assert.That(e.Message, Does.StartWith("t.pkt:7: accept() would block here"));
            Assert.That(e.Message.Split('\n')[0], Does.Contain("is still SYN_RCVD: its final ACK was not taken"));
            Assert.That(e.Message.Split('\n')[0], Does.Not.Contain("script does not"), "the script is not the one at fault");
        });
    }

    [Test]
    public void Listen_AckTwoShort_GetsAHintWithRelativeNumbers()
    {
        var e = Fails(Accept, With(new AcksTheSynShort(Reference.Handlers().ServerHandshake, 2)));
        Assert.That(e.Message, Does.Contain("hint:        your ACK is 2 short of what the peer sent"));
    }

    [Test]
    public void SynSent_RetransmissionWithoutBackoff_ShowsTheScheduleAndTheCause()
    {
        var e = Fails("""
            0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
            +0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0
            +0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)
            +0 > S 0:0(0) <mss 1460>
            +1 > S 0:0(0) <mss 1460>
            +2 > S 0:0(0) <mss 1460>
            """, With(new NoBackoff(Reference.Handlers().ClientHandshake)));
        Assert.Multiple(() =>
        {
            Assert.That(e.Message, Does.Contain("segment sent too early").And.Contain("this segment went out at 0.000000s, 1.000000s, 2.000000s: gaps 1.000000s, 1.000000s"));
            Assert.That(e.Message, Does.Contain("doubles the RTO"));
        });
    }
}
