namespace TcpKata.Exercises;

/// <summary>
/// Exercise 02: the server's half of the three-way handshake, LISTEN -> SYN_RCVD -> ESTABLISHED.
/// Read README.md beside this file first. Run: dotnet test --filter ServerHandshake
/// </summary>
public sealed class ServerHandshake : IServerHandshake
{
    /// <summary>
    /// When: a segment arrived for a listening port; c is a fresh connection in LISTEN for its sender.
    /// Do: ignore a RST, answer an ACK with &lt;SEQ=SEG.ACK&gt;&lt;CTL=RST&gt;; on a SYN set IRS and RCV.NXT = SEG.SEQ + 1, choose
    /// the ISS, send SYN+ACK, set SND.UNA = ISS and SND.NXT = ISS + 1 and move to SYN_RCVD (leave c in LISTEN to
    /// discard the segment).
    /// Read: RFC 9293 §3.10.7.2.
    /// </summary>
    public void OnSegmentInListen(Connection c, Segment seg) =>
        throw Kata.NotImplemented(this);

    /// <summary>
    /// When: a segment arrived in SYN_RCVD.
    /// Do: on an ACK with SND.UNA &lt; SEG.ACK &lt;= SND.NXT set SND.UNA and move to ESTABLISHED (the kit then queues the
    /// connection for Accept); answer an unacceptable ACK with a RST; a RST ends the half-open connection; a repeated
    /// SYN means your SYN+ACK was lost.
    /// Read: RFC 9293 §3.10.7.4.
    /// </summary>
    public void OnSegmentInSynReceived(Connection c, Segment seg) =>
        throw Kata.NotImplemented(this);

    /// <summary>
    /// When: the retransmission timer fired in SYN_RCVD.
    /// Do: after c.Limits.SynAckRetries retransmissions drop the half-open connection with
    /// c.DeleteTcb(SocketError.Success); otherwise retransmit the SYN+ACK, double the RTO and restart the timer.
    /// Read: RFC 6298 §5.
    /// </summary>
    public void OnRetransmissionTimeout(Connection c) =>
        throw Kata.NotImplemented(this);
}
