namespace TcpKata.Exercises;

/// <summary>
/// Exercise 01: the client's half of the three-way handshake, CLOSED -> SYN_SENT -> ESTABLISHED.
/// Read README.md beside this file first. Run: dotnet test --filter ClientHandshake
/// </summary>
public sealed class ClientHandshake : IClientHandshake
{
    /// <summary>
    /// When: the app called Connect; c is in CLOSED.
    /// Do: choose the ISS (c.NewIsn()), send a SYN with seq = ISS, set SND.UNA = ISS and SND.NXT = ISS + 1, then move
    /// to SYN_SENT.
    /// Read: RFC 9293 §3.10.1.
    /// </summary>
    public void OnConnect(Connection c) =>
        throw Kata.NotImplemented(this);

    /// <summary>
    /// When: a segment arrived in SYN_SENT.
    /// Do: check the ACK (it must acknowledge exactly your SYN), then the RST bit, then the SYN bit: on a valid SYN+ACK
    /// set IRS = SEG.SEQ and RCV.NXT = SEG.SEQ + 1, send the ACK and move to ESTABLISHED; a RST with an acceptable ACK
    /// means nobody listens there: c.DeleteTcb(SocketError.ConnectionRefused).
    /// Read: RFC 9293 §3.10.7.3.
    /// </summary>
    public void OnSegmentInSynSent(Connection c, Segment seg) =>
        throw Kata.NotImplemented(this);

    /// <summary>
    /// When: the retransmission timer fired in SYN_SENT.
    /// Do: after c.Limits.SynRetries retransmissions give up with c.DeleteTcb(SocketError.TimedOut); otherwise
    /// retransmit the SYN, double the RTO and restart the timer.
    /// Read: RFC 6298 §5.
    /// </summary>
    public void OnRetransmissionTimeout(Connection c) =>
        throw Kata.NotImplemented(this);
}
