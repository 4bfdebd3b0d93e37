using System.Net.Sockets;

namespace TcpKata.Exercises;

/// <summary>Reference solution for exercise 04: active close.</summary>
public sealed class ActiveClose : IActiveClose
{
    public void OnClose(Connection c)
    {
        // RFC 9293 §3.10.4, ESTABLISHED STATE: "Queue this until all preceding SENDs have been segmentized,
        // then form a FIN segment and send it. In any case, enter FIN-WAIT-1 state."
        c.Send(TcpFlags.Fin | TcpFlags.Ack, c.SndNxt, c.RcvNxt);
        c.SndNxt += 1; // the FIN occupies one sequence number
        c.State = TcpState.FinWait1;
    }

    public void OnSegmentInFinWait1(Connection c, Segment seg)
    {
        // Fifth, the ACK field: "In addition to the processing for the ESTABLISHED state, if the FIN
        // segment is now acknowledged, then enter FIN-WAIT-2 and continue processing in that state."
        var finAcknowledged = c.SndUna == c.SndNxt;
        if (!seg.IsFin)
        {
            if (finAcknowledged) c.State = TcpState.FinWait2;
            return;
        }

        // Eighth, the FIN bit: "If our FIN has been ACKed (perhaps in this segment), then enter TIME-WAIT,
        // start the time-wait timer, turn off the other timers; otherwise, enter the CLOSING state."
        AcknowledgeFin(c, seg);
        if (finAcknowledged) EnterTimeWait(c);
        else c.State = TcpState.Closing; // simultaneous close: both FINs crossed
    }

    public void OnSegmentInFinWait2(Connection c, Segment seg)
    {
        // "FIN-WAIT-2 STATE: Enter the TIME-WAIT state. Start the time-wait timer, turn off the other timers."
        if (!seg.IsFin) return;
        AcknowledgeFin(c, seg);
        EnterTimeWait(c);
    }

    public void OnSegmentInClosing(Connection c, Segment seg)
    {
        // "CLOSING STATE: In addition to the processing for the ESTABLISHED state, if the ACK acknowledges
        // our FIN, then enter the TIME-WAIT state; otherwise, ignore the segment."
        if (c.SndUna == c.SndNxt) EnterTimeWait(c);
    }

    public void OnSegmentInTimeWait(Connection c, Segment seg)
    {
        // Second, the RST bit: "TIME-WAIT STATE: If the RST bit is set, then enter the CLOSED state" (for an
        // acceptable one; RFC 1337 discusses why some stacks ignore it).
        if (seg.IsRst)
        {
            if (c.IsAcceptable(seg)) c.State = TcpState.Closed;
            return;
        }

        // Fourth, the SYN bit: "irrespective of the sequence number, TCP endpoints MUST send a 'challenge ACK'" (RFC 5961 §4).
        // (A new connection may reuse the pair only with timestamps, which the kit does not do.)
        if (seg.IsSyn)
        {
            c.Send(TcpFlags.Ack, c.SndNxt, c.RcvNxt);
            return;
        }

        // "TIME-WAIT STATE: The only thing that can arrive in this state is a retransmission of the remote
        // FIN. Acknowledge it, and restart the 2 MSL timeout." A retransmission lies just before RCV.NXT, so it is taken
        // here, before the window check would merely acknowledge it.
        if (seg.IsFin)
        {
            c.Send(TcpFlags.Ack, c.SndNxt, c.RcvNxt);
            c.StartTimeWaitTimer();
            return;
        }

        // First, the sequence number: "If an incoming segment is not acceptable, an acknowledgment should be sent in reply".
        // An acceptable one (an ACK, data after the peer's FIN) has nothing left to do here: "ignore the segment text".
        if (!c.IsAcceptable(seg)) c.Send(TcpFlags.Ack, c.SndNxt, c.RcvNxt);
    }

    // RFC 9293 §3.10.8: "If the time-wait timeout expires on a connection, delete the TCB, enter the CLOSED state."
    public void OnTimeWaitTimeout(Connection c) => c.State = TcpState.Closed;

    public void OnRetransmissionTimeout(Connection c)
    {
        if (c.Retransmissions >= c.Limits.FinRetries)
        {
            c.DeleteTcb(SocketError.TimedOut);
            return;
        }
        c.RetransmitEarliest();          // RFC 6298 (5.4)
        c.Rto *= 2;                      // (5.5)
        c.RestartRetransmissionTimer();  // (5.6)
    }

    private static void AcknowledgeFin(Connection c, Segment seg)
    {
        c.RcvNxt = seg.End; // SEG.SEQ + SEG.LEN: past any data and the FIN's one sequence number
        c.Send(TcpFlags.Ack, c.SndNxt, c.RcvNxt);
    }

    private static void EnterTimeWait(Connection c)
    {
        c.State = TcpState.TimeWait;
        c.StartTimeWaitTimer();
    }
}
