using TcpKata.Tracing;

namespace TcpKata.Kernel.Tests;

/// <summary>
/// The reference handlers and Linux's TCP talking for real (tcpkata live): a handshake, an echo and a close in each
/// direction, the kernel on one side of tun0 and the kit on the other.
/// </summary>
public sealed class LiveExchangeTests
{
    private static readonly TcpHandlers Reference = TcpHandlers.FromAssembly(typeof(Exercises.ClientHandshake).Assembly);

    [SetUp]
    public void RequireKernel() => KernelRequirement.Check();

    [Test]
    public void KitClient_ToALinuxServer_HandshakeEchoAndCloseComplete()
    {
        var result = LiveExchange.Run(Reference, LiveDirection.KitConnects, TcpLimits.Default, TimeSpan.FromSeconds(20));
        var trace = result.Trace.Render();
        Assert.Multiple(() =>
        {
            Assert.That(result.Completed, Is.True, result.Outcome + "\n" + trace);
            Assert.That(trace, Does.Contain("kit.49152 > linux.8080: Flags [S]").And.Contain("linux.8080 > kit.49152: Flags [S.]"));
            Assert.That(trace, Does.Contain("kit read the echo \"hello\"").And.Contain("linux.8080 > kit.49152: Flags [F.]"));
            Assert.That(trace, Does.Contain("FIN_WAIT_1 -> TIME_WAIT").Or.Contain("FIN_WAIT_2 -> TIME_WAIT"), "the kit closed first");
        });
    }

    [Test]
    public void LinuxClient_ToTheKitsServer_HandshakeEchoAndCloseComplete()
    {
        var result = LiveExchange.Run(Reference, LiveDirection.LinuxConnects, TcpLimits.Default, TimeSpan.FromSeconds(20));
        var trace = result.Trace.Render();
        Assert.Multiple(() =>
        {
            Assert.That(result.Completed, Is.True, result.Outcome + "\n" + trace);
            Assert.That(trace, Does.Contain("LISTEN -> SYN_RCVD").And.Contain("linux read the echo \"hello\"").And.Contain("LAST_ACK -> CLOSED"));
            Assert.That(PcapWriter.Write(result.Trace), Has.Length.GreaterThan(24 + 9 * 16), "a pcap of every segment");
        });
    }
}
