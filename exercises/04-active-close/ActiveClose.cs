namespace TcpKata.Exercises;

/// <summary>
/// Exercise 04: active close, the side that sends the first FIN:
/// ESTABLISHED -> FIN_WAIT_1 -> FIN_WAIT_2 -> TIME_WAIT -> CLOSED (or FIN_WAIT_1 -> CLOSING -> TIME_WAIT).
/// Read README.md beside this file first. Run: dotnet test --filter ActiveClose
/// </summary>
public sealed class ActiveClose : IActiveClose
{
    /// <summary>
    /// The app called Close or Shutdown(Send) in ESTABLISHED, and all its data has been sent.
    /// Send <c>&lt;SEQ=SND.NXT&gt;&lt;ACK=RCV.NXT&gt;&lt;CTL=FIN,ACK&gt;</c>, advance SND.NXT past the FIN, move to FIN_WAIT_1.
    /// RFC 9293 §3.10.4 (CLOSE call, ESTABLISHED state).
    /// </summary>
    public void OnClose(Connection c) =>
        throw Kata.NotImplemented(this, "send FIN+ACK with seq = SND.NXT, set SND.NXT = SND.NXT + 1 and move to FIN_WAIT_1", "RFC 9293 §3.10.4");

    /// <summary>
    /// A segment arrived in FIN_WAIT_1 (the kit moved SND.UNA; your FIN is acknowledged when SND.UNA = SND.NXT).
    /// FIN acknowledged, no FIN from the peer: FIN_WAIT_2. The peer's FIN: take it (RCV.NXT = SEG.SEQ + SEG.LEN),
    /// acknowledge it, then TIME_WAIT (start its timer) if your FIN is acknowledged too, else CLOSING.
    /// RFC 9293 §3.10.7.4 (fifth, the ACK field; eighth, the FIN bit).
    /// </summary>
    public void OnSegmentInFinWait1(Connection c, Segment seg) =>
        throw Kata.NotImplemented(this, "on the ACK of your FIN move to FIN_WAIT_2; on the peer's FIN acknowledge it and move to TIME_WAIT (your FIN acknowledged) or CLOSING", "RFC 9293 §3.10.7.4");

    /// <summary>
    /// A segment arrived in FIN_WAIT_2: you wait for the peer's FIN. When it comes, acknowledge it,
    /// move to TIME_WAIT and start the 2 x MSL timer (<c>c.StartTimeWaitTimer()</c>).
    /// RFC 9293 §3.10.7.4 (eighth, the FIN bit, FIN-WAIT-2 state).
    /// </summary>
    public void OnSegmentInFinWait2(Connection c, Segment seg) =>
        throw Kata.NotImplemented(this, "on the peer's FIN set RCV.NXT = SEG.SEQ + SEG.LEN, acknowledge it, move to TIME_WAIT and start the TIME_WAIT timer", "RFC 9293 §3.10.7.4");

    /// <summary>
    /// A segment arrived in CLOSING: both sides sent a FIN at once. When your FIN is acknowledged
    /// (SND.UNA = SND.NXT) move to TIME_WAIT and start its timer.
    /// RFC 9293 §3.10.7.4 (CLOSING state).
    /// </summary>
    public void OnSegmentInClosing(Connection c, Segment seg) =>
        throw Kata.NotImplemented(this, "when your FIN is acknowledged (SND.UNA == SND.NXT) move to TIME_WAIT and start the TIME_WAIT timer", "RFC 9293 §3.10.7.4");

    /// <summary>
    /// Any segment that arrives in TIME_WAIT, unchecked. The peer's FIN again means your last ACK was lost:
    /// acknowledge it again and restart the 2 x MSL timer. An acceptable RST ends TIME_WAIT (CLOSED).
    /// RFC 9293 §3.10.7.4 (TIME-WAIT state).
    /// </summary>
    public void OnSegmentInTimeWait(Connection c, Segment seg) =>
        throw Kata.NotImplemented(this, "on a retransmitted FIN send the ACK again and restart the TIME_WAIT timer", "RFC 9293 §3.10.7.4");

    /// <summary>The 2 x MSL timer expired in TIME_WAIT: move to CLOSED (the kit deletes the TCB). RFC 9293 §3.10.8.</summary>
    public void OnTimeWaitTimeout(Connection c) =>
        throw Kata.NotImplemented(this, "move to CLOSED", "RFC 9293 §3.10.8");

    /// <summary>
    /// The retransmission timer fired in FIN_WAIT_1 or CLOSING: your FIN was not acknowledged. Give up after
    /// <c>c.Limits.FinRetries</c> retransmissions (<c>c.Abort(SocketError.TimedOut)</c>); otherwise retransmit,
    /// double the RTO and restart the timer. RFC 6298 §5.
    /// </summary>
    public void OnRetransmissionTimeout(Connection c) =>
        throw Kata.NotImplemented(this, "retransmit the FIN, double the RTO, restart the timer; after Limits.FinRetries retries abort with TimedOut", "RFC 6298 §5");
}
