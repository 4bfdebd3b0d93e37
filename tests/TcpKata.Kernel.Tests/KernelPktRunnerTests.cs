using TcpKata.Scripts;

namespace TcpKata.Kernel.Tests;

/// <summary>
/// Scripts run on this machine's Linux TCP: what the kernel does decides, the runner only asks and compares as
/// packetdrill does (real sockets and errno, shell lines in the namespace, TSO segments aggregated).
/// </summary>
public sealed class KernelPktRunnerTests
{
    private static readonly KernelRunOptions Options = new() { TimingRetries = 2 };

    private const string PassiveOpen = """
        0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
        +0 setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0
        +0 bind(3, ..., ...) = 0
        +0 listen(3, 1) = 0
        +0 < S 0:0(0) win 32792 <mss 1000,sackOK,nop,nop,nop,wscale 7>
        +0 > S. 0:0(0) ack 1 <mss 1460,nop,nop,sackOK,nop,wscale 8>
        +.01 < . 1:1(0) ack 1 win 257
        +0 accept(3, ..., ...) = 4
        """;

    [SetUp]
    public void RequireKernel() => KernelRequirement.Check();

    [Test]
    public void Established_RemoteFinThenClose_PassesOnTheKernel()
    {
        var result = KernelPktRunner.Run(Parse(PassiveOpen + "\n" + """
            +.01 < F. 1:1(0) ack 1 win 257
            +0 > . 1:1(0) ack 2
            +0 read(4, ..., 1000) = 0
            +.01 close(4) = 0
            +0 > F. 1:1(0) ack 2
            +.01 < . 2:2(0) ack 2 win 257
            """), Options);
        Assert.That(result.Trace.Render(), Does.Contain("local.8080 > remote.40000: Flags [F.]"));
    }

    [Test]
    public void Listen_SlowShellLineBeforeTheSyn_LaterRelativeTimesCountFromWhenItEnded()
    {
        // A "+0" counts from when its event is reached, as packetdrill's adjust_relative_event_times has it: the 0.2 s the
        // shell line takes does not make the SYN+ACK "late" against the script's own clock (it would be 0.2 s > 25 ms).
        var result = KernelPktRunner.Run(Parse("""
            0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
            +0 setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0
            +0 bind(3, ..., ...) = 0
            +0 listen(3, 1) = 0
            +0 `sleep 0.2`
            +0 < S 0:0(0) win 32792 <mss 1000,sackOK,nop,nop,nop,wscale 7>
            +0 > S. 0:0(0) ack 1 <mss 1460,nop,nop,sackOK,nop,wscale 8>
            +.01 < . 1:1(0) ack 1 win 257
            +0 accept(3, ..., ...) = 4
            """), Options with { TimingRetries = 0 });
        Assert.That(result.Trace.Render(), Does.Contain("`sleep 0.2` = 0").And.Contain("Flags [S.]"));
    }

    [Test]
    public void CloseWait_AckOfTheFinExpectedWrong_FailsAtThatLineWithTheKernelsSegment()
    {
        var failure = Assert.Throws<PktFailure>(() => KernelPktRunner.Run(Parse(PassiveOpen + "\n" + """
            +.01 < F. 1:1(0) ack 1 win 257
            +0 > . 1:1(0) ack 3
            """), Options))!;
        Assert.Multiple(() =>
        {
            Assert.That(failure.Line, Is.EqualTo(10));
            Assert.That(failure.Timing, Is.False, "a wrong ack is no timing flake: it is never retried");
            Assert.That(failure.Message, Does.Contain("ack 2, expected 3").And.Contain("actual:").And.Contain(PrivateNetwork.KernelVersion));
        });
    }

    [Test]
    public void SynSent_RstAck_ConnectFailsWithTheKernelsOwnErrno()
    {
        KernelPktRunner.Run(Parse("""
            0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
            +0...0.1 connect(3, ..., ...) = -1 ECONNREFUSED (Connection refused)
            +0 > S 0:0(0) <...>
            +.05 < R. 0:0(0) ack 1 win 0
            +0 getsockopt(3, SOL_SOCKET, SO_ERROR, [0], [4]) = 0
            """), Options);
    }

    [Test]
    public void Listen_ShellLineBeforeTheFirstEvent_SetsTheNamespacesSysctlsBeforeTheClockStarts()
    {
        // Linux as shipped: a first window of 64240 from its 131072-byte default receive buffer (packetdrill's
        // defaults, which the runner applies first, make it 65535).
        KernelPktRunner.Run(Parse("""
            `sysctl -q net.ipv4.tcp_rmem="4096 131072 6291456"`
            0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
            +0 bind(3, ..., ...) = 0
            +0 listen(3, 1) = 0
            +0 < S 0:0(0) win 65535 <mss 1460>
            +0 > S. 0:0(0) ack 1 win 64240 <mss 1460>
            """), Options);
    }

    [Test]
    public void Script_ShellCommandThatFails_FailsAtItsLineWithWhatItPrinted()
    {
        var failure = Assert.Throws<PktFailure>(() => KernelPktRunner.Run(Parse("""
            0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
            +0 `sysctl -q net.ipv4.no_such_setting=1`
            +0 close(3) = 0
            """), Options))!;
        Assert.Multiple(() =>
        {
            Assert.That(failure.Line, Is.EqualTo(2));
            Assert.That(failure.Message, Does.Contain("the shell command `sysctl -q net.ipv4.no_such_setting=1` failed").And.Contain("no_such_setting"));
        });
    }

    [Test]
    public void Established_WriteLargerThanOneSegment_SegmentsAreAggregatedAsPacketdrillDoes()
    {
        // 10 segments of 1000 bytes in the initial window: the kernel's TSO sizing decides how many leave at once.
        var result = KernelPktRunner.Run(Parse(PassiveOpen + "\n" + """
            +0 write(4, ..., 10000) = 10000
            +0 > P. 1:10001(10000) ack 1
            """), Options);
        var data = result.Trace.Events.Where(e => e.Kind == Tracing.TraceKind.Sent && e.Host == "local" && e.Segment.Payload.Length > 0).ToList();
        Assert.That(data.Sum(e => e.Segment.Payload.Length), Is.EqualTo(10000));
        if (data.Count > 1) Assert.That(result.Notes, Has.Some.Contains($"{data.Count} segments of").And.Contains("matched as one of 10000"));
    }

    [Test]
    public void Established_RecvmsgWithTcpInq_ReportsTheBytesStillUnread()
    {
        KernelPktRunner.Run(Parse(PassiveOpen + "\n" + """
            +0 setsockopt(4, SOL_TCP, TCP_INQ, [1], 4) = 0
            +0 < P. 1:101(100) ack 1 win 257
            +0...0.1 recvmsg(4, {msg_name(...)=..., msg_iov(1)=[{..., 40}], msg_flags=0,
                                 msg_control=[{cmsg_level=SOL_TCP, cmsg_type=TCP_CM_INQ, cmsg_data=60}]}, 0) = 40
            """), Options);
        var failure = Assert.Throws<PktFailure>(() => KernelPktRunner.Run(Parse(PassiveOpen + "\n" + """
            +0 setsockopt(4, SOL_TCP, TCP_INQ, [1], 4) = 0
            +0 < P. 1:101(100) ack 1 win 257
            +0...0.1 recvmsg(4, {msg_name(...)=..., msg_iov(1)=[{..., 40}], msg_flags=0,
                                 msg_control=[{cmsg_level=SOL_TCP, cmsg_type=TCP_CM_INQ, cmsg_data=99}]}, 0) = 40
            """), Options))!;
        Assert.That(failure.Message, Does.Contain("TCP_CM_INQ is 60; the script expects 99"));
    }

    [Test]
    public void Script_UnknownSystemCall_IsASyntaxErrorNamingIt()
    {
        var error = Assert.Throws<PktSyntaxException>(() => KernelPktRunner.Run(Parse("0 epoll_create(1) = 3"), Options))!;
        Assert.That(error.Message, Does.Contain("t.pkt:1").And.Contain("epoll_create"));
    }

    private static PktScript Parse(string text) => PktParser.Parse(text, "t.pkt");
}
