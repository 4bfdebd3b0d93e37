using System.Net.Sockets;

namespace TcpKata.Exercises;

/// <summary>Reference solution for exercise 02: the server's half of the three-way handshake.</summary>
public sealed class ServerHandshake : IServerHandshake
{
    public void OnSegmentInListen(Connection c, Segment seg)
    {
        // RFC 9293 §3.10.7.2. "First, check for a RST: An incoming RST segment could not be valid since
        // it could not have been sent in response to anything sent by this incarnation of the connection."
        if (seg.IsRst) return;

        // "Second, check for an ACK: ... form a reset segment <SEQ=SEG.ACK><CTL=RST> and send it."
        if (seg.IsAck)
        {
            c.Send(TcpFlags.Rst, seg.Ack);
            return;
        }

        // "Third, check for a SYN: ... Set RCV.NXT to SEG.SEQ+1, IRS is set to SEG.SEQ, and any other
        // control or text should be queued for processing later. ISS should be selected and a SYN
        // segment sent of the form <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>. SND.NXT is set to ISS+1 and
        // SND.UNA to ISS. The connection state should be changed to SYN-RECEIVED."
        if (!seg.IsSyn) return;
        c.Irs = seg.Seq;
        c.RcvNxt = seg.Seq + 1;
        c.Iss = c.NewIsn();
        c.SndUna = c.Iss;
        c.SndNxt = c.Iss + 1;
        c.Send(TcpFlags.Syn | TcpFlags.Ack, c.Iss, c.RcvNxt);
        c.State = TcpState.SynReceived;
    }

    public void OnSegmentInSynReceived(Connection c, Segment seg)
    {
        // The client retransmitted its SYN, so our SYN+ACK was lost: answer with it again at once,
        // as Linux does, rather than waiting for our own retransmission timer.
        if (seg.IsSyn && !seg.IsAck && seg.Seq == c.Irs)
        {
            c.RetransmitEarliest();
            return;
        }

        // RFC 9293 §3.10.7.4, first check the sequence number: "If an incoming segment is not
        // acceptable, an acknowledgment should be sent in reply (unless the RST bit is set...)".
        if (!c.IsAcceptable(seg))
        {
            if (!seg.IsRst) c.Send(TcpFlags.Ack, c.SndNxt, c.RcvNxt);
            return;
        }

        // Second, the RST bit: "If this connection was initiated with a passive OPEN (i.e., came from
        // the LISTEN state), then return this connection to LISTEN state" — here, drop the half-open
        // child; the listening socket stays in LISTEN. An active open is refused.
        if (seg.IsRst)
        {
            c.DeleteTcb(c.IsPassiveOpen ? SocketError.Success : SocketError.ConnectionRefused);
            return;
        }

        // Fourth, a SYN inside the window: RFC 5961 §4.2's challenge ACK, never a reset on its word alone.
        if (seg.IsSyn)
        {
            c.Send(TcpFlags.Ack, c.SndNxt, c.RcvNxt);
            return;
        }

        // Fifth, the ACK field: "if the ACK bit is off drop the segment and return".
        if (!seg.IsAck) return;

        // "If SND.UNA < SEG.ACK =< SND.NXT, then enter ESTABLISHED state ... If the segment
        // acknowledgment is not acceptable, form a reset segment <SEQ=SEG.ACK><CTL=RST> and send it."
        if (seg.Ack.IsAfterAndAtMost(c.SndUna, c.SndNxt))
        {
            c.SndUna = seg.Ack;
            c.State = TcpState.Established;
        }
        else
        {
            c.Send(TcpFlags.Rst, seg.Ack);
        }
    }

    public void OnRetransmissionTimeout(Connection c)
    {
        // Linux drops the half-open connection after tcp_synack_retries; no app knows about it yet.
        if (c.Retransmissions >= c.Limits.SynAckRetries)
        {
            c.DeleteTcb(SocketError.Success);
            return;
        }
        c.RetransmitEarliest();          // RFC 6298 (5.4)
        c.Rto *= 2;                      // (5.5)
        c.RestartRetransmissionTimer();  // (5.6)
    }
}
