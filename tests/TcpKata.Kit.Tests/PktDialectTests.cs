using TcpKata.Scripts;

namespace TcpKata.Kit.Tests;

/// <summary>
/// What Linux's own packetdrill scripts write, read with packetdrill's meaning: descriptors the script names, the
/// address options, timed shell lines and python blocks (skipped and reported), ioctl(SIOCINQ), getsockopt(TCP_MAXSEG),
/// and a TSO/GSO super-segment matched by the MSS-sized segments a wire carries.
/// </summary>
public sealed class PktDialectTests
{
    private static PktRunResult Run(string text, bool lenient = true) =>
        PktRunner.Run(PktParser.Parse(text, "t.pkt"), Reference.Handlers(), new PktRunOptions { LenientOptions = lenient });

    private const string Accepted = ScriptPreludes.Accepted;

    [Test]
    public void Socket_NumberedByTheScript_IsThatDescriptor() =>
        Assert.DoesNotThrow(() => Run(Accepted.Replace("= 3", "= 7").Replace("(3,", "(7,").Replace("= 4", "= 9") + "\n+0 close(9) = 0\n+0 > F. 1:1(0) ack 1"));

    [Test]
    public void Options_TheKitsAddresses_AreAccepted() =>
        Assert.DoesNotThrow(() => Run("--remote_ip=192.0.2.1\n--local_ip=192.168.0.1\n" + Accepted));

    [Test]
    public void Options_AnotherAddress_IsRefusedNamingTheKitsAddresses()
    {
        var e = Assert.Throws<PktSyntaxException>(() => PktParser.Parse("--remote_ip=10.0.0.2\n" + Accepted, "t.pkt"));
        Assert.That(e!.Message, Does.StartWith("t.pkt:1:").And.Contain("--remote_ip=192.0.2.1"));
    }

    [Test]
    public void ShellLineAndPythonBlock_Timed_AreSkippedAndReported()
    {
        var result = Run(Accepted + """

            +0 `sysctl -q net.ipv4.tcp_timestamps=0`
            +0 %{ assert tcpi_rto == 200000, tcpi_rto }%
            %{
            assert tcpi_snd_cwnd == 10
            }%
            +0 close(4) = 0
            +0 > F. 1:1(0) ack 1
            """);
        Assert.That(result.Notes, Has.Some.Contains("t.pkt:8: skipped shell command `sysctl")
            .And.Some.Contains("t.pkt:9: skipped python block")
            .And.Some.Contains("t.pkt:10: skipped python block"));
    }

    [Test]
    public void Ioctl_Siocinq_CountsTheUnreadBytes()
    {
        Assert.DoesNotThrow(() => Run(Accepted + "\n+0 < P. 1:11(10) ack 1 win 65535\n+0 > . 1:1(0) ack 11\n+0 ioctl(4, SIOCINQ, [10]) = 0"));
        var e = Assert.Throws<PktFailure>(() => Run(Accepted + "\n+0 < P. 1:11(10) ack 1 win 65535\n+0 > . 1:1(0) ack 11\n+0 ioctl(4, SIOCINQ, [0]) = 0"));
        Assert.That(e!.Message, Does.Contain("ioctl(SIOCINQ) is [10]"));
    }

    [Test]
    public void GetSockOpt_TcpMaxseg_IsTheSmallerMss() =>
        Assert.DoesNotThrow(() => Run(Accepted + "\n+0 getsockopt(4, SOL_TCP, TCP_MAXSEG, [1000], [4]) = 0"));

    [Test]
    public void Write_ExpectedAsOneTsoSegment_IsMatchedByTheSegmentsOnTheWire()
    {
        var script = Accepted + "\n+0 write(4, ..., 2000) = 2000\n+0 > P. 1:2001(2000) ack 1";
        var result = Run(script);
        Assert.Multiple(() =>
        {
            Assert.That(result.Notes, Has.Some.Contains("2 segments of 1000 + 1000 bytes matched as one TSO/GSO segment of 2000"));
            Assert.Throws<PktFailure>(() => Run(script, lenient: false), "without lenient options the wire's segments are what is compared");
        });
    }
}
