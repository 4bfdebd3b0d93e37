namespace TcpKata.Exercises;

/// <summary>
/// Exercise 03: passive close, the side that receives the first FIN: ESTABLISHED -> CLOSE_WAIT -> LAST_ACK -> CLOSED.
/// Read README.md beside this file first. Run: dotnet test --filter PassiveClose
/// </summary>
public sealed class PassiveClose : IPassiveClose
{
    /// <summary>
    /// The peer's FIN arrived in order while ESTABLISHED; any data before it is already buffered for the app.
    /// Advance RCV.NXT over the FIN (it occupies one sequence number: RCV.NXT = SEG.SEQ + SEG.LEN), acknowledge
    /// it, and move to CLOSE_WAIT. The app's Receive then returns 0 once it has read everything.
    /// RFC 9293 §3.10.7.4 (eighth, check the FIN bit).
    /// </summary>
    public void OnFin(Connection c, Segment seg) =>
        throw Kata.NotImplemented(this, "set RCV.NXT = SEG.SEQ + SEG.LEN (the FIN counts one), send an ACK <SEQ=SND.NXT><ACK=RCV.NXT> and move to CLOSE_WAIT", "RFC 9293 §3.10.7.4");

    /// <summary>
    /// The app called Close in CLOSE_WAIT and all its data has been sent. Send your own FIN
    /// (with ACK: <c>&lt;SEQ=SND.NXT&gt;&lt;ACK=RCV.NXT&gt;&lt;CTL=FIN,ACK&gt;</c>), advance SND.NXT past it, move to LAST_ACK.
    /// RFC 9293 §3.10.4 (CLOSE call, CLOSE-WAIT state).
    /// </summary>
    public void OnClose(Connection c) =>
        throw Kata.NotImplemented(this, "send FIN+ACK with seq = SND.NXT, set SND.NXT = SND.NXT + 1 and move to LAST_ACK", "RFC 9293 §3.10.4");

    /// <summary>
    /// A segment arrived in LAST_ACK (the kit has checked it and moved SND.UNA). Once your FIN is
    /// acknowledged (SEG.ACK = SND.NXT) the connection is over: move to CLOSED and the kit deletes the TCB.
    /// RFC 9293 §3.10.7.4 (LAST-ACK STATE).
    /// </summary>
    public void OnSegmentInLastAck(Connection c, Segment seg) =>
        throw Kata.NotImplemented(this, "when SEG.ACK acknowledges your FIN (SEG.ACK == SND.NXT) move to CLOSED", "RFC 9293 §3.10.7.4");

    /// <summary>
    /// The retransmission timer fired in LAST_ACK: your FIN or its ACK was lost. Give up after
    /// <c>c.Limits.FinRetries</c> retransmissions (<c>c.Abort(SocketError.TimedOut)</c>); otherwise retransmit
    /// the FIN, double the RTO and restart the timer. RFC 6298 §5; Linux's tcp_orphan_retries.
    /// </summary>
    public void OnRetransmissionTimeout(Connection c) =>
        throw Kata.NotImplemented(this, "retransmit the FIN, double the RTO, restart the timer; after Limits.FinRetries retries abort with TimedOut", "RFC 6298 §5");
}
