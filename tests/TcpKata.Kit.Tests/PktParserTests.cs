using TcpKata.Scripts;

namespace TcpKata.Kit.Tests;

public sealed class PktParserTests
{
    private static PktScript Parse(string text) => PktParser.Parse(text, "t.pkt");

    [Test]
    public void ReadsTheShapesLinuxScriptsUse()
    {
        var script = Parse("""
            --tolerance_usecs=10000
            // comment
            `../common/defaults.sh`
            0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
            +0 setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0
            +.1...0.200 connect(3, ..., ...) = -1 ECONNREFUSED (Connection refused)
            +0 > S 0:0(0) <mss 1460,sackOK,TS val 100 ecr 0,nop,wscale 8>
            +.1 < S. 0:0(0) ack 1 win 5792 <mss 1460,nop,wscale 2,nop,nop,sackOK>
            * > . 1:1(0) ack 1 <...>
            0.1~0.3 > P. 1:101(100) ack 1
            +0 fcntl(3, F_GETFL) = 0x802 (flags O_RDWR|O_NONBLOCK)
            /* block
               comment */ +0 close(3) = 0
            """);
        Assert.Multiple(() =>
        {
            Assert.That(script.Options["tolerance_usecs"], Is.EqualTo("10000"));
            Assert.That(script.Skipped, Has.Count.EqualTo(1));
            Assert.That(script.Events, Has.Count.EqualTo(9));
            var connect = (PktSyscall)script.Events[2];
            Assert.That(connect.BlockingEnd, Is.EqualTo(TimeSpan.FromMilliseconds(200)));
            Assert.That(connect.Time, Is.EqualTo(new PktTime(PktTimeKind.Relative, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100))));
            Assert.That((connect.Result, connect.Errno), Is.EqualTo((-1L, "ECONNREFUSED")));
            var syn = (PktPacket)script.Events[3];
            Assert.That(syn.Options!.Select(o => o.ToString()), Is.EqualTo(new[] { "mss 1460", "sackOK", "TS val 100 ecr 0", "nop", "wscale 8" }));
            var synAck = (PktPacket)script.Events[4];
            Assert.That((synAck.Inbound, synAck.Flags, synAck.Ack, synAck.Window), Is.EqualTo((true, TcpFlags.Syn | TcpFlags.Ack, (uint?)1, (int?)5792)));
            Assert.That(((PktPacket)script.Events[5]).Options, Is.Null, "<...> means: do not check options");
            Assert.That(script.Events[5].Time.Kind, Is.EqualTo(PktTimeKind.Any));
            Assert.That(script.Events[6].Time, Is.EqualTo(new PktTime(PktTimeKind.AbsoluteRange, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(300))));
            Assert.That(((PktPacket)script.Events[6]).PayloadLength, Is.EqualTo(100));
            Assert.That(((PktSyscall)script.Events[7]).Result, Is.EqualTo(0x802));
            Assert.That(script.Events[8].Line, Is.EqualTo(13), "an event after a block comment keeps its own line");
        });
    }

    [TestCase("0 > S 0:5(0)", 1, "inconsistent sequence numbers")]
    [TestCase("0 > X 0:0(0)", 1, "unknown TCP flag 'X'")]
    [TestCase("0 > SE 0:0(0)", 1, "ECN")]
    [TestCase("0 < S 0:0(0) <...>", 1, "only be used with outbound")]
    [TestCase("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 > S 0:0(0) <mss 1460,bogus>", 2, "cannot read TCP option \"bogus\"")]
    [TestCase("\n\nbind(3, ..., ...) = 0", 3, "expected an event starting with a time")]
    [TestCase("0 bind(3, ..., ...)", 1, "cannot read this line")]
    [TestCase("0 > S 0:0(0) ack 1", 1, "no '.' (ACK)")]
    [TestCase("0 > S 0:0(0) win 70000", 1, "window value out of range")]
    [TestCase("0.2~0.1 > S 0:0(0)", 1, "backwards")]
    [TestCase("* < S 0:0(0)", 1, "only be used with outbound")]
    [TestCase("0...1 > S 0:0(0)", 1, "blocking system call, not a packet")]
    [TestCase("0 close(3) = 3 EBADF (Bad file descriptor)", 1, "result of -1")]
    [TestCase("0 close(3) = 0\n--tolerance_usecs=5", 2, "before the first event")]
    [TestCase("--speed=fast", 1, "unsupported option")]
    [TestCase("0 close(3) = 0\n/* never closed", 2, "unterminated /* comment")]
    [TestCase("`echo", 1, "unterminated `shell command`")]
    [TestCase("0 < (ect0) S 0:0(0)", 1, "not modelled")]
    [TestCase("0 > S 0:0(0) urg 1", 1, "urgent")]
    public void MalformedScriptIsAnErrorWithFileAndLine(string text, int line, string message)
    {
        var e = Assert.Throws<PktSyntaxException>(() => Parse(text));
        Assert.Multiple(() =>
        {
            Assert.That(e!.Line, Is.EqualTo(line));
            Assert.That(e.Message, Does.StartWith($"t.pkt:{line}: ").And.Contain(message));
        });
    }
}
