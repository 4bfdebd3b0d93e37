using System.Net.Sockets;

namespace TcpKata.Exercises;

/// <summary>Reference solution for exercise 03: passive close.</summary>
public sealed class PassiveClose : IPassiveClose
{
    public void OnFin(Connection c, Segment seg)
    {
        // RFC 9293 §3.10.7.4, eighth, check the FIN bit: "advance RCV.NXT over the FIN, and send an
        // acknowledgment for the FIN ... ESTABLISHED STATE: Enter the CLOSE-WAIT state."
        c.RcvNxt = seg.End; // SEG.SEQ + SEG.LEN: the data (already taken by the kit) and the FIN's one number
        c.Send(TcpFlags.Ack, c.SndNxt, c.RcvNxt);
        c.State = TcpState.CloseWait;
    }

    public void OnClose(Connection c)
    {
        // RFC 9293 §3.10.4, CLOSE-WAIT STATE: "Queue this request until all preceding SENDs have been
        // segmentized; then send a FIN segment, enter LAST-ACK state." (The kit waited for the SENDs.)
        c.Send(TcpFlags.Fin | TcpFlags.Ack, c.SndNxt, c.RcvNxt);
        c.SndNxt += 1; // the FIN occupies one sequence number
        c.State = TcpState.LastAck;
    }

    public void OnSegmentInLastAck(Connection c, Segment seg)
    {
        // RFC 9293 §3.10.7.4, LAST-ACK STATE: "The only thing that can arrive in this state is an
        // acknowledgment of our FIN. If our FIN is now acknowledged, delete the TCB, enter the CLOSED state."
        if (seg.IsAck && seg.Ack == c.SndNxt) c.State = TcpState.Closed;
    }

    public void OnRetransmissionTimeout(Connection c)
    {
        // The app has closed this socket: Linux gives up after tcp_orphan_retries (8) FIN retransmissions.
        if (c.Retransmissions >= c.Limits.FinRetries)
        {
            c.DeleteTcb(SocketError.TimedOut);
            return;
        }
        c.RetransmitEarliest();          // RFC 6298 (5.4)
        c.Rto *= 2;                      // (5.5)
        c.RestartRetransmissionTimer();  // (5.6)
    }
}
