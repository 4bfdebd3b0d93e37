namespace TcpKata.Exercises;

/// <summary>
/// Exercise 03: passive close, the side that receives the first FIN: ESTABLISHED -> CLOSE_WAIT -> LAST_ACK -> CLOSED.
/// Read README.md beside this file first. Run: dotnet test --filter PassiveClose
/// </summary>
public sealed class PassiveClose : IPassiveClose
{
    /// <summary>
    /// When: the peer's FIN arrived in order while ESTABLISHED; the kit has checked the segment and buffered any data
    /// before it.
    /// Do: set RCV.NXT = SEG.SEQ + SEG.LEN (the FIN counts one), send an ACK &lt;SEQ=SND.NXT&gt;&lt;ACK=RCV.NXT&gt; and move to
    /// CLOSE_WAIT.
    /// Read: RFC 9293 §3.10.7.4.
    /// </summary>
    public void OnFin(Connection c, Segment seg) =>
        throw Kata.NotImplemented(this);

    /// <summary>
    /// When: the app called Close in CLOSE_WAIT and everything it wrote has been sent.
    /// Do: send FIN+ACK with seq = SND.NXT, set SND.NXT = SND.NXT + 1 and move to LAST_ACK.
    /// Read: RFC 9293 §3.10.4.
    /// </summary>
    public void OnClose(Connection c) =>
        throw Kata.NotImplemented(this);

    /// <summary>
    /// When: a segment arrived in LAST_ACK; the kit has checked it and moved SND.UNA.
    /// Do: when SEG.ACK acknowledges your FIN (SEG.ACK == SND.NXT) move to CLOSED.
    /// Read: RFC 9293 §3.10.7.4.
    /// </summary>
    public void OnSegmentInLastAck(Connection c, Segment seg) =>
        throw Kata.NotImplemented(this);

    /// <summary>
    /// When: the retransmission timer fired in LAST_ACK.
    /// Do: after c.Limits.FinRetries retransmissions give up with c.DeleteTcb(SocketError.TimedOut); otherwise
    /// retransmit the FIN, double the RTO and restart the timer.
    /// Read: RFC 6298 §5.
    /// </summary>
    public void OnRetransmissionTimeout(Connection c) =>
        throw Kata.NotImplemented(this);
}
