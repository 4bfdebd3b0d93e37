using System.Net.Sockets;

namespace TcpKata.Exercises;

/// <summary>Reference solution for exercise 05: resets in the synchronized states.</summary>
public sealed class ResetHandling : IResetHandling
{
    public void OnReset(Connection c, Segment seg)
    {
        // RFC 5961 §3.2 (RFC 9293 §3.10.7.4, second): "1) If the RST bit is set and the sequence number is
        // outside the current receive window, silently drop the segment."
        if (!c.IsAcceptable(seg)) return;

        // "3) If the RST bit is set and the sequence number does not exactly match the next expected sequence
        // value, yet is within the current receive window, TCP MUST send an acknowledgment (challenge ACK)."
        // An off-path attacker who guessed a sequence number somewhere in the window gets nothing; the real
        // peer answers the challenge ACK with a RST at exactly RCV.NXT.
        if (seg.Seq != c.RcvNxt)
        {
            c.Send(TcpFlags.Ack, c.SndNxt, c.RcvNxt);
            return;
        }

        // "2) If the RST bit is set and the sequence number exactly matches the next expected sequence number
        // (RCV.NXT), then TCP MUST reset the connection in the manner prescribed below according to the state."
        switch (c.State)
        {
            case TcpState.Established or TcpState.FinWait1 or TcpState.FinWait2 or TcpState.CloseWait:
                // "any outstanding RECEIVEs and SEND should receive 'reset' responses ... enter the CLOSED state"
                c.DeleteTcb(SocketError.ConnectionReset);
                break;
            case TcpState.Closing or TcpState.LastAck:
                // "If the RST bit is set, then enter the CLOSED state, delete the TCB, and return."
                c.DeleteTcb(SocketError.Success);
                break;
        }
    }
}
