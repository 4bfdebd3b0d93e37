using System.Net.Sockets;

namespace TcpKata.Exercises;

/// <summary>
/// Exercise 01: the client's half of the three-way handshake, CLOSED -> SYN_SENT -> ESTABLISHED.
/// Read README.md beside this file first. Run: dotnet test --filter ClientHandshake
/// </summary>
public sealed class ClientHandshake : IClientHandshake
{
    /// <summary>
    /// The app called Connect; <paramref name="c"/> is in CLOSED.
    /// Choose the ISS (<c>c.NewIsn()</c>), set SND.UNA and SND.NXT, send the SYN, move to SYN_SENT.
    /// RFC 9293 §3.10.1 (OPEN call, CLOSED state).
    /// </summary>
    public void OnConnect(Connection c) =>
        throw Kata.NotImplemented(this, "choose the ISS, send a SYN with seq = ISS, set SND.UNA = ISS and SND.NXT = ISS + 1, then move to SYN_SENT", "RFC 9293 §3.10.1");

    /// <summary>
    /// A segment arrived in SYN_SENT. Check its ACK (it must acknowledge exactly your SYN), then its RST,
    /// then its SYN: a SYN+ACK completes the handshake (take IRS and RCV.NXT, ACK it, ESTABLISHED);
    /// an acceptable RST means nobody listens there (fail with ConnectionRefused).
    /// RFC 9293 §3.10.7.3 (SEGMENT ARRIVES, SYN-SENT state).
    /// </summary>
    public void OnSegmentInSynSent(Connection c, Segment seg) =>
        throw Kata.NotImplemented(this, "check the ACK, then RST, then SYN; on a valid SYN+ACK set IRS and RCV.NXT = SEG.SEQ + 1, send the ACK and move to ESTABLISHED", "RFC 9293 §3.10.7.3");

    /// <summary>
    /// The retransmission timer fired in SYN_SENT: your SYN (or the SYN+ACK) was lost.
    /// Give up with TimedOut after <c>c.Limits.SynRetries</c> retransmissions; otherwise retransmit the
    /// SYN, double the RTO and restart the timer.
    /// RFC 6298 §5 (5.4 to 5.6); Linux's tcp_syn_retries.
    /// </summary>
    public void OnRetransmissionTimeout(Connection c) =>
        throw Kata.NotImplemented(this, $"retransmit the SYN, double the RTO, restart the timer; after Limits.SynRetries retries fail with {nameof(SocketError.TimedOut)}", "RFC 6298 §5");
}
