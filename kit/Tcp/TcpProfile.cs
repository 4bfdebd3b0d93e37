namespace TcpKata;

/// <summary>
/// Which TCP the kit behaves like, by name: the numbers and the few behaviours (<see cref="TcpLimits"/>) where the
/// textbook and a real kernel differ. Chosen per simulation (its limits), per script (<c>tcpkata pkt --profile</c>) and in
/// <c>tcpkata trace --profile</c>. The exercises' own tests use <see cref="Rfc"/>.
/// </summary>
/// <param name="Name">What a command line calls it: rfc, linux, linux-5.</param>
/// <param name="Models">What it models, in a sentence.</param>
/// <param name="Limits">Its numbers and behaviours.</param>
public sealed record TcpProfile(string Name, string Models, TcpLimits Limits)
{
    /// <summary>RFC 9293 and RFC 6298: initial RTO 1 s, doubling from the first timeout, RTO floor 1 s, window 65535, every
    /// ACK at once; where the RFCs leave a number open (retry limits, MSL, FIN_WAIT_2), Linux's.</summary>
    public static TcpProfile Rfc { get; } = new("rfc",
        "RFC 9293 and RFC 6298 (the textbook), with Linux's retry limits, MSL and FIN_WAIT_2 timeout where the RFCs leave them open",
        TcpLimits.Default);

    /// <summary>
    /// Linux 6.18 with its default sysctls, as measured on the kernel: RTO = SRTT + max(4 x RTTVAR, 200 ms), four linear SYN
    /// timeouts before the backoff (tcp_syn_linear_timeouts, 6.5+), a 40 ms delayed ACK, a first window of 64240, an accept
    /// queue of backlog + 1, SHUT_RD that still reads what arrives, and an active reset that advertises its window.
    /// </summary>
    public static TcpProfile Linux { get; } = new("linux",
        "Linux 6.18 with default sysctls (tcp_syn_retries 6, tcp_syn_linear_timeouts 4, TCP_RTO_MIN 200 ms, TCP_DELACK_MIN 40 ms)",
        TcpLimits.Default with
        {
            MinRto = TimeSpan.FromMilliseconds(200),
            RtoAddsMinRto = true,
            SynLinearTimeouts = 4,
            DelayedAck = TimeSpan.FromMilliseconds(40),
            Window = 64240,
            AcceptQueueHoldsBacklogPlusOne = true,
            ReceiveAfterShutdownReadsData = true,
            ActiveResetCarriesWindow = true,
            SynResentAfterUnacceptableSynAck = TimeSpan.FromMilliseconds(10),
            EphemeralPorts = (32768, 60999),
        });

    /// <summary>Linux before 6.5 (or with tcp_syn_linear_timeouts = 0): the same, with the SYN backoff from the first timeout.</summary>
    public static TcpProfile LinuxBefore65 { get; } = Linux with
    {
        Name = "linux-5",
        Models = "Linux before 6.5 (no tcp_syn_linear_timeouts): SYNs at 0, 1, 3, 7, 15, 31, 63 s, TimedOut at 127 s",
        Limits = Linux.Limits with { SynLinearTimeouts = 0 },
    };

    public static IReadOnlyList<TcpProfile> All { get; } = [Rfc, Linux, LinuxBefore65];

    /// <summary>A profile by name; null for a name there is none of.</summary>
    public static TcpProfile? Find(string name) => All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
}
