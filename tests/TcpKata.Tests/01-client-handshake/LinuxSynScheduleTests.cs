using TcpKata.Tests.Support;

// An extension of exercise 01, outside its namespace: progress and the grader count exercise 01 done without it.
namespace TcpKata.Tests.Extension01_LinuxSynSchedule;

/// <summary>
/// Extension to exercise 01 (dotnet test --filter LinuxSynSchedule): the SYN schedule of Linux 6.5 and later, under the
/// kit's Linux profile. Linux first retransmits the SYN tcp_syn_linear_timeouts (4) times one RTO apart, then doubles
/// it, and gives up after tcp_syn_retries + 4 retransmissions. Your OnRetransmissionTimeout reads both numbers from
/// c.Limits (SynLinearTimeouts is 0 in the RFC profile, so exercise 01's own tests are unchanged).
/// </summary>
public sealed class LinuxSynScheduleTests
{
    private const string Connecting = Preludes.Connecting;

    [Test]
    public void SynSent_RetransmissionTimeoutUnderLinux_KeepsTheRtoForFourTimeoutsThenDoublesIt()
    {
        var run = Pkt.Run(Connecting + """

            0  > S 0:0(0) <mss 1460>
            1  > S 0:0(0) <mss 1460>
            2  > S 0:0(0) <mss 1460>
            3  > S 0:0(0) <mss 1460>
            4  > S 0:0(0) <mss 1460>
            5  > S 0:0(0) <mss 1460>
            7  > S 0:0(0) <mss 1460>
            11 > S 0:0(0) <mss 1460>
            """, profile: TcpProfile.Linux);
        var c = run.Connection();
        Assert.Multiple(() =>
        {
            Assert.That(c.Retransmissions, Is.EqualTo(7));
            Assert.That(c.Rto, Is.EqualTo(TimeSpan.FromSeconds(8)),
                "the RTO stays 1 s for the first c.Limits.SynLinearTimeouts (4) retransmissions, then doubles: 2, 4, 8 s");
        });
    }

    [Test]
    public void SynSent_RetransmissionTimeoutUnderLinux_GivesUpAfterSynRetriesPlusTheLinearOnesAt131s()
    {
        var run = Pkt.Run("""
            0        socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
            +0...131 connect(3, ..., ...) = -1 ETIMEDOUT (Connection timed out)
            """, profile: TcpProfile.Linux);
        Assert.That(run.Connections(), Is.Empty, "10 retransmissions (tcp_syn_retries 6 + 4 linear): SYNs at 0, 1, 2, 3, 4, 5, 7, 11, 19, 35, 67 s, ETIMEDOUT at 131 s");
    }
}
