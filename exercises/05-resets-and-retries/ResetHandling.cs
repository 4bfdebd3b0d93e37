namespace TcpKata.Exercises;

/// <summary>
/// Exercise 05: resets in every synchronized state, with RFC 5961's defence against blind resets.
/// Read README.md beside this file first. Run: dotnet test --filter ResetsAndRetries
/// </summary>
public sealed class ResetHandling : IResetHandling
{
    /// <summary>
    /// A RST arrived in ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING or LAST_ACK; nothing has checked it.
    /// Outside the receive window: drop it silently. In the window but not exactly RCV.NXT: send a challenge
    /// ACK <c>&lt;SEQ=SND.NXT&gt;&lt;ACK=RCV.NXT&gt;&lt;CTL=ACK&gt;</c> and drop it. Exactly RCV.NXT: reset the connection:
    /// <c>c.Abort(SocketError.ConnectionReset)</c> where an app may still use it (ESTABLISHED, FIN_WAIT_1/2,
    /// CLOSE_WAIT), plain CLOSED (<c>c.Abort(SocketError.Success)</c>) in CLOSING and LAST_ACK.
    /// RFC 9293 §3.10.7.4 (second, check the RST bit); RFC 5961 §3.2.
    /// </summary>
    public void OnReset(Connection c, Segment seg) =>
        throw Kata.NotImplemented(this, "drop a RST outside the window, answer one inside it but not at RCV.NXT with a challenge ACK, and abort on SEG.SEQ == RCV.NXT", "RFC 9293 §3.10.7.4 and RFC 5961 §3.2");
}
