namespace TcpKata.Exercises;

/// <summary>
/// Exercise 05: resets in every synchronized state, with RFC 5961's defence against blind resets.
/// Read README.md beside this file first. Run: dotnet test --filter ResetsAndRetries
/// </summary>
public sealed class ResetHandling : IResetHandling
{
    /// <summary>
    /// When: a RST arrived in ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING or LAST_ACK; nothing has checked
    /// it.
    /// Do: drop a RST outside the receive window; answer one inside it but not at RCV.NXT with a challenge ACK
    /// &lt;SEQ=SND.NXT&gt;&lt;ACK=RCV.NXT&gt;&lt;CTL=ACK&gt;; on SEG.SEQ == RCV.NXT reset: c.DeleteTcb(SocketError.ConnectionReset) where
    /// an app may still use the connection (ESTABLISHED, FIN_WAIT_1/2, CLOSE_WAIT), c.DeleteTcb(SocketError.Success) in
    /// CLOSING and LAST_ACK.
    /// Read: RFC 9293 §3.10.7.4, RFC 5961 §3.2.
    /// </summary>
    public void OnReset(Connection c, Segment seg) =>
        throw Kata.NotImplemented(this);
}
