using System.Reflection;

namespace TcpKata;

/// <summary>
/// Exercise 01. The client side of the three-way handshake: CLOSED -> SYN_SENT -> ESTABLISHED.
/// The kit calls these; the student implements them in exercises/01-client-handshake.
/// </summary>
public interface IClientHandshake
{
    /// <summary>The app called Connect. The connection is in CLOSED.</summary>
    void OnConnect(Connection c);

    /// <summary>A segment arrived while the connection is in SYN_SENT.</summary>
    void OnSegmentInSynSent(Connection c, Segment seg);

    /// <summary>The retransmission timer fired while the connection is in SYN_SENT.</summary>
    void OnRetransmissionTimeout(Connection c);
}

/// <summary>
/// Exercise 02. The server side: LISTEN -> SYN_RCVD -> ESTABLISHED.
/// </summary>
public interface IServerHandshake
{
    /// <summary>A segment arrived for a listening port. <paramref name="c"/> is a fresh connection in LISTEN
    /// for that peer; leave it in LISTEN to discard it.</summary>
    void OnSegmentInListen(Connection c, Segment seg);

    /// <summary>A segment arrived while the connection is in SYN_RCVD.</summary>
    void OnSegmentInSynReceived(Connection c, Segment seg);

    /// <summary>The retransmission timer fired while the connection is in SYN_RCVD.</summary>
    void OnRetransmissionTimeout(Connection c);
}

/// <summary>
/// Exercise 03. Passive close, the side that receives the first FIN: ESTABLISHED -> CLOSE_WAIT -> LAST_ACK -> CLOSED.
/// The kit has already checked each segment (acceptable, not a RST) and moved SND.UNA before calling.
/// </summary>
public interface IPassiveClose
{
    /// <summary>The peer's FIN arrived, in order, while ESTABLISHED. Any data before it is already in the receive buffer.</summary>
    void OnFin(Connection c, Segment seg);

    /// <summary>The app called Close in CLOSE_WAIT, and everything it wrote has been sent.</summary>
    void OnClose(Connection c);

    /// <summary>A segment arrived while the connection is in LAST_ACK.</summary>
    void OnSegmentInLastAck(Connection c, Segment seg);

    /// <summary>The retransmission timer fired while the connection is in LAST_ACK.</summary>
    void OnRetransmissionTimeout(Connection c);
}

/// <summary>
/// Exercise 04. Active close, the side that sends the first FIN:
/// ESTABLISHED -> FIN_WAIT_1 -> FIN_WAIT_2 -> TIME_WAIT -> CLOSED, or through CLOSING when both close at once.
/// As for exercise 03, the kit has checked each segment, moved SND.UNA and taken any data before calling.
/// </summary>
public interface IActiveClose
{
    /// <summary>The app called Close or Shutdown(Send) in ESTABLISHED, and everything it wrote has been sent.</summary>
    void OnClose(Connection c);

    /// <summary>A segment arrived in FIN_WAIT_1: it may acknowledge your FIN, carry the peer's FIN, or both.</summary>
    void OnSegmentInFinWait1(Connection c, Segment seg);

    /// <summary>A segment arrived in FIN_WAIT_2: your FIN is acknowledged; you wait for the peer's.</summary>
    void OnSegmentInFinWait2(Connection c, Segment seg);

    /// <summary>A segment arrived in CLOSING (both sides sent a FIN; yours is not acknowledged yet).</summary>
    void OnSegmentInClosing(Connection c, Segment seg);

    /// <summary>Any segment that arrives in TIME_WAIT, unchecked: typically the peer's FIN again, because your ACK was lost.</summary>
    void OnSegmentInTimeWait(Connection c, Segment seg);

    /// <summary>The 2 x MSL timer started by <see cref="Connection.StartTimeWaitTimer"/> expired.</summary>
    void OnTimeWaitTimeout(Connection c);

    /// <summary>The retransmission timer fired in FIN_WAIT_1 or CLOSING: your FIN was not acknowledged.</summary>
    void OnRetransmissionTimeout(Connection c);
}

/// <summary>
/// Exercise 05. A RST arrives for a synchronized connection (ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2,
/// CLOSE_WAIT, CLOSING or LAST_ACK). SYN_RCVD and TIME_WAIT handle theirs in exercises 02 and 04.
/// </summary>
public interface IResetHandling
{
    /// <summary>A segment with the RST bit arrived; nothing has checked it yet.</summary>
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
