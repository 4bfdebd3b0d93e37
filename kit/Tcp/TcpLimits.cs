namespace TcpKata;

/// <summary>
/// Timers, retry limits and the few behaviours where stacks differ. The defaults are the RFC profile
/// (<see cref="TcpProfile.Rfc"/>): RFC 6298 for the retransmission timer, and Linux's sysctls for the limits the RFCs
/// leave open; <see cref="TcpProfile.Linux"/> sets the rest as a current kernel has them.
/// </summary>
public sealed record TcpLimits
{
    /// <summary>
    /// How an RTT sample becomes the RTO. False (RFC 6298 (2.3)): RTO = SRTT + 4 x RTTVAR, then at least <see cref="MinRto"/>.
    /// True (Linux's tcp_set_rto): RTO = SRTT + max(4 x RTTVAR, MinRto), so the floor is added to the smoothed RTT: a FIN on a
    /// fast path is retransmitted after about 0.21 s, then 0.41, 0.84 s...
    /// </summary>
    public bool RtoAddsMinRto { get; init; }

    /// <summary>RFC 6298 (2.1): "Until a round-trip time (RTT) measurement has been made ... set RTO &lt;- 1 second".</summary>
    public TimeSpan InitialRto { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>RFC 6298 (2.4): "Whenever RTO is computed, if it is less than 1 second, then the RTO SHOULD be rounded up to 1 second".
    /// Linux uses 200 ms (TCP_RTO_MIN); set it here to compare.</summary>
    public TimeSpan MinRto { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>RFC 6298 (2.5): "A maximum value MAY be placed on RTO provided it is at least 60 seconds". Linux: 120 s (TCP_RTO_MAX).</summary>
    public TimeSpan MaxRto { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>SYN retransmissions with backoff before connect fails with TimedOut: Linux's net.ipv4.tcp_syn_retries (6: with
    /// no <see cref="SynLinearTimeouts"/>, 7 SYNs at 0, 1, 3, 7, 15, 31, 63 s and TimedOut at 127 s).</summary>
    public int SynRetries { get; init; } = 6;

    /// <summary>
    /// SYN retransmissions made before the backoff starts, each one RTO after the last, and on top of
    /// <see cref="SynRetries"/>: Linux's net.ipv4.tcp_syn_linear_timeouts (since 6.5; default 4). With 4 and 6, 11 SYNs at
    /// 0, 1, 2, 3, 4, 5, 7, 11, 19, 35, 67 s and TimedOut at 131 s. 0 in the RFC profile (RFC 6298 (5.5) backs off from the
    /// first timeout) and on kernels before 6.5.
    /// </summary>
    public int SynLinearTimeouts { get; init; }

    /// <summary>SYN-ACK retransmissions before a half-open connection is dropped: Linux's net.ipv4.tcp_synack_retries (5).</summary>
    public int SynAckRetries { get; init; } = 5;

    /// <summary>Retransmissions of the same data segment before the connection gives up with TimedOut, sending nothing
    /// (no RST: the peer is presumed gone): Linux's net.ipv4.tcp_retries2 (15), which Linux turns into a time budget
    /// (about 15 minutes with backoff) rather than an exact count.</summary>
    public int DataRetries { get; init; } = 15;

    /// <summary>FIN retransmissions before the connection is dropped. The kit counts them, for every FIN. Linux bounds an
    /// orphan's (a socket the app has closed) by net.ipv4.tcp_orphan_retries, whose default 0 means 8, turned into a time
    /// budget (the time 8 backed-off retransmissions take) rather than an exact count; a FIN after Shutdown(Send) is not
    /// an orphan's, and Linux bounds it by tcp_retries2 instead.</summary>
    public int FinRetries { get; init; } = 8;

    /// <summary>How long a connection the app has closed may wait in FIN_WAIT_2 for the peer's FIN: Linux's
    /// net.ipv4.tcp_fin_timeout (60 s). Not in RFC 9293, where FIN_WAIT_2 can last forever.</summary>
    public TimeSpan FinWait2Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Delayed ACK (RFC 9293 §3.8.6.3, RFC 1122 §4.2.3.2): when set, a bare ACK may wait this long for a
    /// segment to ride on (data, or the FIN of an app that closes at once), by Linux's rules (Connection.DelayedAck.cs:
    /// quick ACKs first, at once before any data and after two full segments). Linux waits at least 40 ms
    /// (TCP_DELACK_MIN). Off (null) in the RFC profile, so traces show every ACK.
    /// </summary>
    public TimeSpan? DelayedAck { get; init; }

    /// <summary>Maximum Segment Lifetime. RFC 9293 §3.4.2 suggests 2 minutes; Linux's TIME_WAIT is 60 s (TCP_TIMEWAIT_LEN), so MSL 30 s.</summary>
    public TimeSpan Msl { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Keep-alive (for sockets that ask for it): the idle time before the first probe, the time between probes, and
    /// the probes left unanswered before the connection is reset. Linux: tcp_keepalive_time 7200 s, tcp_keepalive_intvl 75 s,
    /// tcp_keepalive_probes 9; RFC 9293 §3.8.4: off by default, and the idle time no less than two hours by default.</summary>
    public TimeSpan KeepAliveTime { get; init; } = TimeSpan.FromHours(2);

    /// <inheritdoc cref="KeepAliveTime"/>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(75);

    /// <inheritdoc cref="KeepAliveTime"/>
    public int KeepAliveProbes { get; init; } = 9;

    /// <summary>The ports connect() picks from: IANA's dynamic range 49152-65535 (RFC 6335 §6) in the RFC profile, Linux's
    /// net.ipv4.ip_local_port_range 32768-60999 in the Linux profile. A port is busy for a remote end while a connection to
    /// it uses the port, TIME_WAIT included.</summary>
    public (ushort First, ushort Last) EphemeralPorts { get; init; } = (49152, 65535);

    /// <summary>The MSS this host announces in its SYN: 1460 for a 1500-byte Ethernet MTU (RFC 9293 §3.7.1).</summary>
    public ushort Mss { get; init; } = 1460;

    /// <summary>The receive window this host advertises (RCV.WND). Fixed: the kit does no window scaling or flow control.
    /// Linux's first window is 64240 (44 segments of 1460 bytes).</summary>
    public ushort Window { get; init; } = 65535;

    /// <summary>Whether the RST a host sends when its app closes with unread data (an active reset) advertises the receive
    /// window left (Linux: tcp_send_active_reset goes through the usual window selection, e.g. win 64229 with 11 bytes
    /// unread) rather than 0. A RST answering a segment (RFC 9293 §3.10.7.1) carries 0 either way.</summary>
    public bool ActiveResetCarriesWindow { get; init; }

    /// <summary>Whether a listening socket's accept queue holds one more connection than its backlog. The RFC profile counts
    /// the backlog as the queue's length; Linux's sk_acceptq_is_full is "more than the backlog", so listen(fd, 1) takes two.</summary>
    public bool AcceptQueueHoldsBacklogPlusOne { get; init; }

    /// <summary>Whether a receive after Shutdown(Receive) still returns data that arrives (Linux: SHUT_RD only makes a
    /// receive on an empty queue return 0 at once; the data is still acknowledged, queued and readable) rather than 0.</summary>
    public bool ReceiveAfterShutdownReadsData { get; init; }

    /// <summary>How soon a SYN goes out again after the handler answered an unacceptable SYN+ACK (SEG.ACK =&lt; ISS or &gt;
    /// SND.NXT) with a reset, when no SYN was retransmitted yet; null: the SYN waits for its usual timeout (RFC 9293).
    /// Linux re-arms its SYN timer to TCP_TIMEOUT_MIN, two jiffies (tcp_rcv_synsent_state_process: "Previous FIN/ACK or
    /// RST/ACK might be ignored"), so that a stale SYN+ACK from an old connection costs milliseconds, not a second:
    /// measured 10 to 13 ms on Linux 6.18 at 250 Hz.</summary>
    public TimeSpan? SynResentAfterUnacceptableSynAck { get; init; }

    public static TcpLimits Default { get; } = new();
}
