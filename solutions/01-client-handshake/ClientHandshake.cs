using System.Net.Sockets;

namespace TcpKata.Exercises;

/// <summary>Reference solution for exercise 01: the client's half of the three-way handshake.</summary>
public sealed class ClientHandshake : IClientHandshake
{
    public void OnConnect(Connection c)
    {
        // RFC 9293 §3.10.1: "An initial send sequence number (ISS) is selected. A SYN segment of the
        // form <SEQ=ISS><CTL=SYN> is sent. Set SND.UNA to ISS, SND.NXT to ISS+1, enter SYN-SENT state".
        c.Iss = c.NewIsn();
        c.SndUna = c.Iss;
        c.SndNxt = c.Iss + 1; // the SYN occupies one sequence number
        c.Send(TcpFlags.Syn, c.Iss);
        c.State = TcpState.SynSent;
    }

    public void OnSegmentInSynSent(Connection c, Segment seg)
    {
        // RFC 9293 §3.10.7.3, first check the ACK bit: "If SEG.ACK =< ISS or SEG.ACK > SND.NXT, send a
        // reset (unless the RST bit is set, if so drop the segment and return) <SEQ=SEG.ACK><CTL=RST>".
        if (seg.IsAck && (seg.Ack <= c.Iss || seg.Ack > c.SndNxt))
        {
            if (!seg.IsRst) c.Send(TcpFlags.Rst, seg.Ack);
            return;
        }

        // Second, the RST bit: with an acceptable ACK nobody is listening there. RFC 9293 says "signal
        // connection reset"; Linux and .NET report it as ECONNREFUSED / ConnectionRefused.
        if (seg.IsRst)
        {
            if (seg.IsAck) c.DeleteTcb(SocketError.ConnectionRefused);
            return;
        }

        // Fourth, the SYN bit: "RCV.NXT is set to SEG.SEQ+1, IRS is set to SEG.SEQ. SND.UNA should be
        // advanced to equal SEG.ACK (if there is an ACK)".
        if (!seg.IsSyn) return;
        c.Irs = seg.Seq;
        c.RcvNxt = seg.Seq + 1;
        if (seg.IsAck) c.SndUna = seg.Ack;

        if (c.SndUna > c.Iss)
        {
            // "If SND.UNA > ISS (our SYN has been ACKed), change the connection state to ESTABLISHED,
            // form an ACK segment <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> and send it."
            c.State = TcpState.Established;
            c.Send(TcpFlags.Ack, c.SndNxt, c.RcvNxt);
        }
        else
        {
            // Simultaneous open: "enter SYN-RECEIVED, form a SYN,ACK segment <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK> and send it."
            c.State = TcpState.SynReceived;
            c.Send(TcpFlags.Syn | TcpFlags.Ack, c.Iss, c.RcvNxt);
        }
    }

    public void OnRetransmissionTimeout(Connection c)
    {
        // Linux gives up after tcp_syn_retries retransmissions (plus its linear ones, below): connect() fails with ETIMEDOUT.
        if (c.Retransmissions >= c.Limits.SynRetries + c.Limits.SynLinearTimeouts)
        {
            c.DeleteTcb(SocketError.TimedOut);
            return;
        }
        c.RetransmitEarliest();          // RFC 6298 (5.4)
        // (5.5) "back off the timer". Linux 6.5+ keeps the RTO for its first tcp_syn_linear_timeouts retransmissions
        // (0 in the RFC profile, so this is RFC 6298's doubling from the first timeout).
        if (c.Retransmissions > c.Limits.SynLinearTimeouts) c.Rto *= 2;
        c.RestartRetransmissionTimer();  // (5.6)
    }
}
