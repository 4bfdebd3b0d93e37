namespace TcpKata;

// SEGMENT ARRIVES (RFC 9293 §3.10.7): who decides what a segment does, state by state.
//
//   state        handler (exercise)                                   RFC 9293
//   CLOSED       the host answers with a RST (TcpHost)                 §3.10.7.1
//   LISTEN       IServerHandshake.OnSegmentInListen (02)               §3.10.7.2
//   SYN_SENT     IClientHandshake.OnSegmentInSynSent (01)              §3.10.7.3
//   SYN_RCVD     IServerHandshake.OnSegmentInSynReceived (02)          §3.10.7.4, all steps, in the handler
//   ESTABLISHED  steps one to seven here; a FIN: IPassiveClose.OnFin (03)
//   FIN_WAIT_1   steps one to seven here; then IActiveClose.OnSegmentInFinWait1 (04)
//   FIN_WAIT_2   steps one to seven here; then IActiveClose.OnSegmentInFinWait2 (04)
//   CLOSE_WAIT   steps one to seven here (a FIN again is only acknowledged)
//   CLOSING      steps one to seven here; then IActiveClose.OnSegmentInClosing (04)
//   LAST_ACK     steps one to seven here; then IPassiveClose.OnSegmentInLastAck (03)
//   TIME_WAIT    IActiveClose.OnSegmentInTimeWait (04), unchecked: the handler re-ACKs a retransmitted FIN
//   any of the synchronized states above, a RST: IResetHandling.OnReset (05), which checks it itself (RFC 5961 §3)
//
// Timeouts (§3.10.8) are in Connection.Timeouts.cs, the app's calls (§3.10.1-§3.10.6) in Connection.App.cs and
// Sockets/. After every event, AfterHandler (Connection.cs) retires what SND.UNA covers and reacts to the new state.
public sealed partial class Connection
{
    /// <summary>A segment for this connection arrived: hand it to whoever owns the current state (the table above).</summary>
    internal void OnSegment(in Segment seg)
    {
        var before = _state;
        RestartKeepAlive();
        if (seg.IsSyn && seg.Mss != 0) PeerMss = seg.Mss;
        if (!seg.IsRst) SndWnd = seg.Window;
        switch (_state)
        {
            case TcpState.Listen:
                Handle(Handler.OnSegmentInListen, seg, static (h, c, s) => h.ServerHandshake.OnSegmentInListen(c, s));
                break;
            case TcpState.SynSent:
                Handle(Handler.OnSegmentInSynSent, seg, static (h, c, s) => h.ClientHandshake.OnSegmentInSynSent(c, s));
                ResendSynSoonAfterUnacceptableSynAck(seg);
                break;
            case TcpState.SynReceived:
                Handle(Handler.OnSegmentInSynReceived, seg, static (h, c, s) => h.ServerHandshake.OnSegmentInSynReceived(c, s));
                break;
            case TcpState.TimeWait:
                Handle(Handler.OnSegmentInTimeWait, seg, static (h, c, s) => h.ActiveClose.OnSegmentInTimeWait(c, s));
                break;
            case TcpState.Closed:
                break;
            default:
                OnSegmentInSynchronizedState(seg);
                break;
        }
        AfterHandler(before, seg);
    }

    // Linux's profile: an unacceptable SYN+ACK (likely from an old connection) was answered by a reset; the SYN goes out
    // again after TcpLimits.SynResentAfterUnacceptableSynAck instead of its full timeout, if none was retransmitted yet.
    private void ResendSynSoonAfterUnacceptableSynAck(in Segment seg)
    {
        if (Limits.SynResentAfterUnacceptableSynAck is not { } soon || _state != TcpState.SynSent || Retransmissions > 0) return;
        if (seg.IsRst || !seg.IsAck || (seg.Ack > Iss && seg.Ack <= SndNxt)) return;
        _retransmissionTimer.Start(soon);
    }

    /// <summary>
    /// RFC 9293 §3.10.7.4 "Otherwise" for ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING and LAST_ACK, step
    /// by step in the RFC's order. The kit does the steps every state shares; the state's handler does what differs
    /// (what an ACK of our FIN means, and the FIN bit).
    /// </summary>
    private void OnSegmentInSynchronizedState(in Segment seg)
    {
        // First, check the sequence number: "If an incoming segment is not acceptable, an acknowledgment should be sent
        // in reply (unless the RST bit is set, if so drop the segment and return)". A RST goes on unchecked: whether it
        // is in the window is exercise 05's question (step two).
        if (!seg.IsRst && !IsAcceptable(seg))
        {
            SendAck();
            return;
        }

        // Second, check the RST bit: exercise 05 validates the reset itself (RFC 5961 §3) and decides what it does here.
        if (seg.IsRst)
        {
            Handle(Handler.OnReset, seg, static (h, c, s) => h.ResetHandling.OnReset(c, s));
            return;
        }

        // Third, check security: the kit has no security compartments.

        // Fourth, check the SYN bit: "If the SYN bit is set, irrespective of the sequence number, TCP endpoints MUST
        // send a 'challenge ACK'" (RFC 5961 §4.2): a SYN inside the window is answered, never obeyed.
        if (seg.IsSyn)
        {
            SendAck();
            return;
        }

        // Fifth, check the ACK field: "if the ACK bit is off, drop the segment and return".
        if (!seg.IsAck) return;
        // "If SND.UNA < SEG.ACK =< SND.NXT, then set SND.UNA <- SEG.ACK" (the kit retires what it covers afterwards).
        if (seg.Ack.IsAfterAndAtMost(SndUna, SndNxt)) SndUna = seg.Ack;
        else if (seg.Ack > SndNxt)
        {
            // "If the ACK acks something not yet sent (SEG.ACK > SND.NXT), then send an ACK, drop the segment, and return."
            SendAck();
            return;
        }
        // What the ACK means for this state (FIN_WAIT_1: is our FIN acknowledged? LAST_ACK: close?) is the handler's, below.

        // Sixth, check the URG bit: the kit does not implement urgent data.

        // Seventh, process the segment text, in the states that still receive (ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2).
        var receiving = _state is TcpState.Established or TcpState.FinWait1 or TcpState.FinWait2;
        var tookData = seg.Payload.Length > 0 && receiving && TakeData(seg);
        if (tookData) OnDataReceived();
        var finInOrder = seg.IsFin && !_finReceived && seg.Seq + seg.Payload.Length == RcvNxt;
        // Linux (tcp_fin): the peer's FIN in ESTABLISHED turns the connection interactive, so its ACK may wait.
        if (finInOrder && _state == TcpState.Established) _pingPong = true;
        // Where a handler takes the FIN, its ACK covers the data and the FIN together.
        var handlerAcks = finInOrder && receiving;
        if (!handlerAcks && (seg.Payload.Length > 0 || seg.IsFin)) SendAck();

        // Eighth, check the FIN bit, and the fifth step's per-state part: the state's handler. Handlers see a FIN only
        // when it is the next thing to receive; one that is ahead of missing data waits for its retransmission.
        var forHandler = seg.IsFin && !finInOrder
            ? new Segment(seg.Source, seg.Destination, seg.Seq, seg.Ack, seg.Flags & ~TcpFlags.Fin, seg.Window, seg.Mss, seg.Payload)
            : seg;
        switch (_state)
        {
            case TcpState.Established when finInOrder:
                Handle(Handler.OnFin, seg, static (h, c, s) => h.PassiveClose.OnFin(c, s));
                break;
            case TcpState.FinWait1:
                Handle(Handler.OnSegmentInFinWait1, forHandler, static (h, c, s) => h.ActiveClose.OnSegmentInFinWait1(c, s));
                break;
            case TcpState.FinWait2:
                Handle(Handler.OnSegmentInFinWait2, forHandler, static (h, c, s) => h.ActiveClose.OnSegmentInFinWait2(c, s));
                break;
            case TcpState.Closing:
                Handle(Handler.OnSegmentInClosing, forHandler, static (h, c, s) => h.ActiveClose.OnSegmentInClosing(c, s));
                break;
            case TcpState.LastAck:
                Handle(Handler.OnSegmentInLastAck, forHandler, static (h, c, s) => h.PassiveClose.OnSegmentInLastAck(c, s));
                break;
        }
        if (finInOrder && RcvNxt == seg.End) _finReceived = true;
        if (tookData || _finReceived) WakeReceiver();

        // The ACK may have opened the peer's window: what the app wrote goes out, and a close waiting for it follows.
        SendBufferedSegments();
        CloseOnceSent();
    }
}
