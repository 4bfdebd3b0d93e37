namespace TcpKata.Exercises;

/// <summary>
/// Exercise 04: active close, the side that sends the first FIN:
/// ESTABLISHED -> FIN_WAIT_1 -> FIN_WAIT_2 -> TIME_WAIT -> CLOSED (or FIN_WAIT_1 -> CLOSING -> TIME_WAIT).
/// Read README.md beside this file first. Run: dotnet test --filter ActiveClose
/// </summary>
public sealed class ActiveClose : IActiveClose
{
    /// <summary>
    /// When: the app called Close or Shutdown(Send) in ESTABLISHED and everything it wrote has been sent.
    /// Do: send FIN+ACK with seq = SND.NXT, set SND.NXT = SND.NXT + 1 and move to FIN_WAIT_1.
    /// Read: RFC 9293 §3.10.4.
    /// </summary>
    public void OnClose(Connection c) =>
        throw Kata.NotImplemented(this);

    /// <summary>
    /// When: a segment arrived in FIN_WAIT_1; the kit has checked it, moved SND.UNA and taken any data.
    /// Do: your FIN is acknowledged when SND.UNA == SND.NXT: then FIN_WAIT_2; on the peer's FIN set RCV.NXT = SEG.SEQ +
    /// SEG.LEN, acknowledge it and move to TIME_WAIT (start its timer) if your FIN is acknowledged too, else to
    /// CLOSING.
    /// Read: RFC 9293 §3.10.7.4.
    /// </summary>
    public void OnSegmentInFinWait1(Connection c, Segment seg) =>
        throw Kata.NotImplemented(this);

    /// <summary>
    /// When: a segment arrived in FIN_WAIT_2 (your FIN is acknowledged); the kit has checked it and taken any data.
    /// Do: on the peer's FIN set RCV.NXT = SEG.SEQ + SEG.LEN, acknowledge it, move to TIME_WAIT and start the TIME_WAIT
    /// timer (c.StartTimeWaitTimer()).
    /// Read: RFC 9293 §3.10.7.4.
    /// </summary>
    public void OnSegmentInFinWait2(Connection c, Segment seg) =>
        throw Kata.NotImplemented(this);

    /// <summary>
    /// When: a segment arrived in CLOSING (both sides sent a FIN; yours is not acknowledged yet).
    /// Do: when your FIN is acknowledged (SND.UNA == SND.NXT) move to TIME_WAIT and start the TIME_WAIT timer.
    /// Read: RFC 9293 §3.10.7.4.
    /// </summary>
    public void OnSegmentInClosing(Connection c, Segment seg) =>
        throw Kata.NotImplemented(this);

    /// <summary>
    /// When: any segment arrived in TIME_WAIT, unchecked.
    /// Do: an acceptable RST ends TIME_WAIT (CLOSED); answer a SYN with a challenge ACK; on a retransmitted FIN (your
    /// last ACK was lost) send the ACK again and restart the TIME_WAIT timer; answer any other unacceptable segment
    /// with an ACK, and ignore the rest.
    /// Read: RFC 9293 §3.10.7.4.
    /// </summary>
    public void OnSegmentInTimeWait(Connection c, Segment seg) =>
        throw Kata.NotImplemented(this);

    /// <summary>
    /// When: the 2 x MSL timer expired in TIME_WAIT.
    /// Do: move to CLOSED (the kit deletes the TCB).
    /// Read: RFC 9293 §3.10.8.
    /// </summary>
    public void OnTimeWaitTimeout(Connection c) =>
        throw Kata.NotImplemented(this);

    /// <summary>
    /// When: the retransmission timer fired in FIN_WAIT_1 or CLOSING: your FIN was not acknowledged.
    /// Do: after c.Limits.FinRetries retransmissions give up with c.DeleteTcb(SocketError.TimedOut); otherwise
    /// retransmit the FIN, double the RTO and restart the timer.
    /// Read: RFC 6298 §5.
    /// </summary>
    public void OnRetransmissionTimeout(Connection c) =>
        throw Kata.NotImplemented(this);
}
