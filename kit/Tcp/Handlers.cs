using System.Reflection;

namespace TcpKata;

/// <summary>
/// Exercise 01. The client side of the three-way handshake: CLOSED -> SYN_SENT -> ESTABLISHED.
/// The kit calls these; the student implements them in exercises/01-client-handshake.
/// </summary>
public interface IClientHandshake
{
    [Contract("the app called Connect; c is in CLOSED",
        "choose the ISS (c.NewIsn()), send a SYN with seq = ISS, set SND.UNA = ISS and SND.NXT = ISS + 1, then move to SYN_SENT",
        "RFC 9293 §3.10.1")]
    void OnConnect(Connection c);

    [Contract("a segment arrived in SYN_SENT",
        "check the ACK (it must acknowledge exactly your SYN), then the RST bit, then the SYN bit: on a valid SYN+ACK set IRS = SEG.SEQ and RCV.NXT = SEG.SEQ + 1, send the ACK and move to ESTABLISHED; a RST with an acceptable ACK means nobody listens there: c.DeleteTcb(SocketError.ConnectionRefused)",
        "RFC 9293 §3.10.7.3")]
    void OnSegmentInSynSent(Connection c, Segment seg);

    [Contract("the retransmission timer fired in SYN_SENT",
        "after c.Limits.SynRetries retransmissions give up with c.DeleteTcb(SocketError.TimedOut); otherwise retransmit the SYN, double the RTO and restart the timer",
        "RFC 6298 §5")]
    void OnRetransmissionTimeout(Connection c);
}

/// <summary>
/// Exercise 02. The server side: LISTEN -> SYN_RCVD -> ESTABLISHED.
/// </summary>
public interface IServerHandshake
{
    [Contract("a segment arrived for a listening port; c is a fresh connection in LISTEN for its sender",
        "ignore a RST, answer an ACK with <SEQ=SEG.ACK><CTL=RST>; on a SYN set IRS and RCV.NXT = SEG.SEQ + 1, choose the ISS, send SYN+ACK, set SND.UNA = ISS and SND.NXT = ISS + 1 and move to SYN_RCVD (leave c in LISTEN to discard the segment)",
        "RFC 9293 §3.10.7.2")]
    void OnSegmentInListen(Connection c, Segment seg);

    [Contract("a segment arrived in SYN_RCVD",
        "on an ACK with SND.UNA < SEG.ACK <= SND.NXT set SND.UNA and move to ESTABLISHED (the kit then queues the connection for Accept); answer an unacceptable ACK with a RST; a RST ends the half-open connection; a repeated SYN means your SYN+ACK was lost",
        "RFC 9293 §3.10.7.4")]
    void OnSegmentInSynReceived(Connection c, Segment seg);

    [Contract("the retransmission timer fired in SYN_RCVD",
        "after c.Limits.SynAckRetries retransmissions drop the half-open connection with c.DeleteTcb(SocketError.Success); otherwise retransmit the SYN+ACK, double the RTO and restart the timer",
        "RFC 6298 §5")]
    void OnRetransmissionTimeout(Connection c);
}

/// <summary>
/// Exercise 03. Passive close, the side that receives the first FIN: ESTABLISHED -> CLOSE_WAIT -> LAST_ACK -> CLOSED.
/// The kit has already checked each segment (acceptable, not a RST) and moved SND.UNA before calling.
/// </summary>
public interface IPassiveClose
{
    [Contract("the peer's FIN arrived in order while ESTABLISHED; the kit has checked the segment and buffered any data before it",
        "set RCV.NXT = SEG.SEQ + SEG.LEN (the FIN counts one), send an ACK <SEQ=SND.NXT><ACK=RCV.NXT> and move to CLOSE_WAIT",
        "RFC 9293 §3.10.7.4")]
    void OnFin(Connection c, Segment seg);

    [Contract("the app called Close in CLOSE_WAIT and everything it wrote has been sent",
        "send FIN+ACK with seq = SND.NXT, set SND.NXT = SND.NXT + 1 and move to LAST_ACK",
        "RFC 9293 §3.10.4")]
    void OnClose(Connection c);

    [Contract("a segment arrived in LAST_ACK; the kit has checked it and moved SND.UNA",
        "when SEG.ACK acknowledges your FIN (SEG.ACK == SND.NXT) move to CLOSED",
        "RFC 9293 §3.10.7.4")]
    void OnSegmentInLastAck(Connection c, Segment seg);

    [Contract("the retransmission timer fired in LAST_ACK",
        "after c.Limits.FinRetries retransmissions give up with c.DeleteTcb(SocketError.TimedOut); otherwise retransmit the FIN, double the RTO and restart the timer",
        "RFC 6298 §5")]
    void OnRetransmissionTimeout(Connection c);
}

/// <summary>
/// Exercise 04. Active close, the side that sends the first FIN:
/// ESTABLISHED -> FIN_WAIT_1 -> FIN_WAIT_2 -> TIME_WAIT -> CLOSED, or through CLOSING when both close at once.
/// As for exercise 03, the kit has checked each segment, moved SND.UNA and taken any data before calling.
/// </summary>
public interface IActiveClose
{
    [Contract("the app called Close or Shutdown(Send) in ESTABLISHED and everything it wrote has been sent",
        "send FIN+ACK with seq = SND.NXT, set SND.NXT = SND.NXT + 1 and move to FIN_WAIT_1",
        "RFC 9293 §3.10.4")]
    void OnClose(Connection c);

    [Contract("a segment arrived in FIN_WAIT_1; the kit has checked it, moved SND.UNA and taken any data",
        "your FIN is acknowledged when SND.UNA == SND.NXT: then FIN_WAIT_2; on the peer's FIN set RCV.NXT = SEG.SEQ + SEG.LEN, acknowledge it and move to TIME_WAIT (start its timer) if your FIN is acknowledged too, else to CLOSING",
        "RFC 9293 §3.10.7.4")]
    void OnSegmentInFinWait1(Connection c, Segment seg);

    [Contract("a segment arrived in FIN_WAIT_2 (your FIN is acknowledged); the kit has checked it and taken any data",
        "on the peer's FIN set RCV.NXT = SEG.SEQ + SEG.LEN, acknowledge it, move to TIME_WAIT and start the TIME_WAIT timer (c.StartTimeWaitTimer())",
        "RFC 9293 §3.10.7.4")]
    void OnSegmentInFinWait2(Connection c, Segment seg);

    [Contract("a segment arrived in CLOSING (both sides sent a FIN; yours is not acknowledged yet)",
        "when your FIN is acknowledged (SND.UNA == SND.NXT) move to TIME_WAIT and start the TIME_WAIT timer",
        "RFC 9293 §3.10.7.4")]
    void OnSegmentInClosing(Connection c, Segment seg);

    [Contract("any segment arrived in TIME_WAIT, unchecked",
        "an acceptable RST ends TIME_WAIT (CLOSED); answer a SYN with a challenge ACK; on a retransmitted FIN (your last ACK was lost) send the ACK again and restart the TIME_WAIT timer; answer any other unacceptable segment with an ACK, and ignore the rest",
        "RFC 9293 §3.10.7.4")]
    void OnSegmentInTimeWait(Connection c, Segment seg);

    [Contract("the 2 x MSL timer expired in TIME_WAIT",
        "move to CLOSED (the kit deletes the TCB)",
        "RFC 9293 §3.10.8")]
    void OnTimeWaitTimeout(Connection c);

    [Contract("the retransmission timer fired in FIN_WAIT_1 or CLOSING: your FIN was not acknowledged",
        "after c.Limits.FinRetries retransmissions give up with c.DeleteTcb(SocketError.TimedOut); otherwise retransmit the FIN, double the RTO and restart the timer",
        "RFC 6298 §5")]
    void OnRetransmissionTimeout(Connection c);
}

/// <summary>
/// Exercise 05. A RST arrives for a synchronized connection (ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2,
/// CLOSE_WAIT, CLOSING or LAST_ACK). SYN_RCVD and TIME_WAIT handle theirs in exercises 02 and 04.
/// </summary>
public interface IResetHandling
{
    [Contract("a RST arrived in ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING or LAST_ACK; nothing has checked it",
        "drop a RST outside the receive window; answer one inside it but not at RCV.NXT with a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>; on SEG.SEQ == RCV.NXT reset: c.DeleteTcb(SocketError.ConnectionReset) where an app may still use the connection (ESTABLISHED, FIN_WAIT_1/2, CLOSE_WAIT), c.DeleteTcb(SocketError.Success) in CLOSING and LAST_ACK",
        "RFC 9293 §3.10.7.4, RFC 5961 §3.2")]
    void OnReset(Connection c, Segment seg);
}

/// <summary>The handlers a host runs: the students' (or the reference solutions') implementations.</summary>
public sealed class TcpHandlers
{
    public TcpHandlers(IClientHandshake clientHandshake, IServerHandshake serverHandshake, IPassiveClose passiveClose, IActiveClose activeClose,
        IResetHandling resetHandling)
    {
        ResetHandling = resetHandling;
        ClientHandshake = clientHandshake;
        ServerHandshake = serverHandshake;
        PassiveClose = passiveClose;
        ActiveClose = activeClose;
    }

    public IClientHandshake ClientHandshake { get; }
    public IServerHandshake ServerHandshake { get; }
    public IPassiveClose PassiveClose { get; }
    public IActiveClose ActiveClose { get; }
    public IResetHandling ResetHandling { get; }

    /// <summary>Whether each handler's contract is checked when it returns (HandlerContracts.cs). On for every student and
    /// reference run; off only for the kit's own probes and for tests of what happens downstream of a broken handler.</summary>
    public bool ChecksContracts { get; private init; } = true;

    /// <summary>The same handlers with their contracts unchecked: a deliberately wrong handler runs on to show its symptoms.</summary>
    public TcpHandlers WithoutContracts() =>
        new(ClientHandshake, ServerHandshake, PassiveClose, ActiveClose, ResetHandling) { ChecksContracts = false };

    /// <summary>
    /// Finds one implementation of each handler interface in <paramref name="assembly"/> (the exercises
    /// or the solutions). Fails with the missing exercise named, never silently.
    /// </summary>
    public static TcpHandlers FromAssembly(Assembly assembly) =>
        new(Create<IClientHandshake>(assembly, "01-client-handshake/ClientHandshake.cs"),
            Create<IServerHandshake>(assembly, "02-server-handshake/ServerHandshake.cs"),
            Create<IPassiveClose>(assembly, "03-passive-close/PassiveClose.cs"),
            Create<IActiveClose>(assembly, "04-active-close/ActiveClose.cs"),
            Create<IResetHandling>(assembly, "05-resets-and-retries/ResetHandling.cs"));

    private static T Create<T>(Assembly assembly, string file) where T : class
    {
        var candidates = assembly.GetTypes()
            .Where(t => typeof(T).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false })
            .ToList();
        return candidates.Count switch
        {
            0 => throw new InvalidOperationException(
                $"No class in {assembly.GetName().Name} implements {typeof(T).Name}. Is exercises/{file} missing, or its class renamed?"),
            1 => (T)(Activator.CreateInstance(candidates[0])
                     ?? throw new InvalidOperationException($"Cannot create {candidates[0].FullName}.")),
            _ => throw new InvalidOperationException(
                $"Several classes implement {typeof(T).Name}: {string.Join(", ", candidates.Select(t => t.FullName))}. Keep one, in exercises/{file}."),
        };
    }
}
