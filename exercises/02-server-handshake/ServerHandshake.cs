namespace TcpKata.Exercises;

/// <summary>
/// Exercise 02: the server's half of the three-way handshake, LISTEN -> SYN_RCVD -> ESTABLISHED.
/// Read README.md beside this file first. Run: dotnet test --filter ServerHandshake
/// </summary>
public sealed class ServerHandshake : IServerHandshake
{
    /// <summary>
    /// A segment arrived for a listening port; <paramref name="c"/> is a new connection in LISTEN for
    /// its sender. Ignore a RST, answer an ACK with a RST, and answer a SYN with a SYN+ACK
    /// (your own ISS, ack = SEG.SEQ + 1), moving to SYN_RCVD. Leave <paramref name="c"/> in LISTEN to discard it.
    /// RFC 9293 §3.10.7.2 (SEGMENT ARRIVES, LISTEN state).
    /// </summary>
    public void OnSegmentInListen(Connection c, Segment seg) =>
        throw Kata.NotImplemented(this, "on a SYN set IRS and RCV.NXT = SEG.SEQ + 1, choose the ISS, send SYN+ACK, set SND.UNA and SND.NXT, move to SYN_RCVD", "RFC 9293 §3.10.7.2");

    /// <summary>
    /// A segment arrived in SYN_RCVD. An ACK of your SYN+ACK completes the handshake (ESTABLISHED: the
    /// kit then queues the connection for Accept). A RST sends a passive open back to LISTEN (drop it
    /// quietly); a bad ACK gets a RST; a repeated SYN means your SYN+ACK was lost.
    /// RFC 9293 §3.10.7.4 (SEGMENT ARRIVES, other states).
    /// </summary>
    public void OnSegmentInSynReceived(Connection c, Segment seg) =>
        throw Kata.NotImplemented(this, "on an ACK with SND.UNA < SEG.ACK <= SND.NXT set SND.UNA and move to ESTABLISHED; handle RST, a bad ACK and a repeated SYN", "RFC 9293 §3.10.7.4");

    /// <summary>
    /// The retransmission timer fired in SYN_RCVD: your SYN+ACK (or the client's ACK) was lost.
    /// Give up after <c>c.Limits.SynAckRetries</c> retransmissions (drop the half-open connection);
    /// otherwise retransmit the SYN+ACK, double the RTO and restart the timer.
    /// RFC 6298 §5; Linux's tcp_synack_retries.
    /// </summary>
    public void OnRetransmissionTimeout(Connection c) =>
        throw Kata.NotImplemented(this, "retransmit the SYN+ACK, double the RTO, restart the timer; after Limits.SynAckRetries retries drop the connection with c.Abort(SocketError.Success)", "RFC 6298 §5");
}
