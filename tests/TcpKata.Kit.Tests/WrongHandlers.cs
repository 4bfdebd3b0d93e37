namespace TcpKata.Kit.Tests;

/// <summary>The reference handlers with one part replaced by a wrong one, for tests of what a mistake looks like.</summary>
internal static class WrongHandlers
{
    public static TcpHandlers With(IServerHandshake server)
    {
        var r = Reference.Handlers();
        return new TcpHandlers(r.ClientHandshake, server, r.PassiveClose, r.ActiveClose, r.ResetHandling);
    }

    public static TcpHandlers With(IClientHandshake client)
    {
        var r = Reference.Handlers();
        return new TcpHandlers(client, r.ServerHandshake, r.PassiveClose, r.ActiveClose, r.ResetHandling);
    }

    /// <summary>Answers a SYN in LISTEN with a SYN+ACK whose ACK is <paramref name="short"/> short of SEG.SEQ + 1.</summary>
    public sealed class AcksTheSynShort(IServerHandshake reference, uint @short) : IServerHandshake
    {
        public void OnSegmentInListen(Connection c, Segment seg)
        {
            if (!seg.IsSyn)
            {
                reference.OnSegmentInListen(c, seg);
                return;
            }
            c.Irs = seg.Seq;
            c.RcvNxt = seg.Seq + 1 - (int)@short;
            c.Iss = c.NewIsn();
            c.SndUna = c.Iss;
            c.SndNxt = c.Iss + 1;
            c.Send(TcpFlags.Syn | TcpFlags.Ack, c.Iss, c.RcvNxt);
            c.State = TcpState.SynReceived;
        }

        public void OnSegmentInSynReceived(Connection c, Segment seg) => reference.OnSegmentInSynReceived(c, seg);

        public void OnRetransmissionTimeout(Connection c) => reference.OnRetransmissionTimeout(c);
    }
}
