using TcpKata.Engine;
using TcpKata.Tracing;

namespace TcpKata;

/// <summary>
/// A host with a TCP stack: the shell around the students' handlers. It demultiplexes arriving
/// segments to connections and listening ports, answers segments for closed ports with RST,
/// keeps the accept queues and hands out sockets.
/// </summary>
public sealed class TcpHost : INetworkNode
{
    private readonly Dictionary<(ushort LocalPort, Endpoint Remote), Connection> _connections = [];
    private readonly Dictionary<ushort, Listener> _listeners = [];
    private ushort? _nextEphemeralPort;

    internal TcpHost(Simulation simulation, string name, uint address)
    {
        Simulation = simulation;
        Name = name;
        Address = address;
    }

    public string Name { get; }
    public uint Address { get; }
    public Simulation Simulation { get; }
    public TcpLimits Limits => Simulation.Limits;
    public TcpHandlers Handlers => Simulation.Handlers;
    public IIsnGenerator IsnGenerator { get; set; } = null!;
    internal Scheduler Scheduler => Simulation.Scheduler;
    internal Trace Trace => Simulation.Trace;

    /// <summary>Every connection the host still has a TCB for, in no particular order.</summary>
    public IReadOnlyCollection<Connection> Connections => _connections.Values;

    public TcpSocket CreateSocket() => new(this);

    internal void Transmit(in Segment segment) => Simulation.Network.Transmit(this, segment);

    public void Receive(in Segment segment)
    {
        if (_connections.TryGetValue((segment.Destination.Port, segment.Source), out var connection))
        {
            // Linux's tcp_abort_on_overflow = 0: while the accept queue is full, the ACK that would complete a
            // passive open is dropped; the connection stays in SYN_RCVD and the SYN+ACK retransmission retries later.
            if (connection is { State: TcpState.SynReceived, Listener: { IsFull: true } full } && segment.IsAck && !segment.IsRst && !segment.IsSyn)
            {
                Note($"accept queue of port {full.Port} is full (backlog {full.Backlog}): ACK from {Trace.Name(segment.Source)} dropped, connection stays in SYN_RCVD");
                return;
            }
            connection.OnSegment(segment);
            // RFC 9293 §3.10.7.4: a passive SYN_RCVD that takes a RST "is returned to the LISTEN state"; the listener
            // itself still listens, so this TCB is discarded, its SYN+ACK no longer retransmitted.
            if (connection is { State: TcpState.Listen, Listener: not null }) Discard(connection);
            return;
        }
        if (_listeners.TryGetValue(segment.Destination.Port, out var listener))
        {
            if (segment.IsSyn && !segment.IsAck && !segment.IsRst && listener.IsFull)
            {
                Note($"accept queue of port {listener.Port} is full (backlog {listener.Backlog}): SYN from {Trace.Name(segment.Source)} dropped");
                return;
            }
            var child = new Connection(this, segment.Destination, segment.Source, listener);
            _connections[(child.Local.Port, child.Remote)] = child;
            child.OnSegment(segment);
            // A handler that left the fresh connection in LISTEN chose to discard the segment.
            if (child.State == TcpState.Listen) Discard(child);
            return;
        }
        ReplyToClosedPort(segment);
    }

    // A per-peer TCB left in LISTEN is no connection: forget it, timers and queue included.
    private void Discard(Connection connection)
    {
        connection.Discard();
        _connections.Remove((connection.Local.Port, connection.Remote));
    }

    /// <summary>RFC 9293 §3.10.7.1: a segment for a connection that does not exist is answered with a reset.</summary>
    private void ReplyToClosedPort(in Segment seg)
    {
        if (seg.IsRst) return; // "An incoming segment containing a RST is discarded."
        Note($"no socket for {Trace.Name(seg.Destination)}: answering with RST");
        var reset = seg.IsAck
            ? new Segment(seg.Destination, seg.Source, seg.Ack, default, TcpFlags.Rst, 0)
            : new Segment(seg.Destination, seg.Source, default, seg.Seq + seg.Length, TcpFlags.Rst | TcpFlags.Ack, 0);
        Transmit(reset);
    }

    internal Connection OpenActive(Endpoint? bound, Endpoint remote)
    {
        var local = bound ?? new Endpoint(Address, AllocateEphemeralPort(remote));
        if (_connections.ContainsKey((local.Port, remote)))
            throw new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.AddressAlreadyInUse);
        var connection = new Connection(this, local, remote, listener: null);
        _connections[(local.Port, remote)] = connection;
        return connection;
    }

    // The next free port of the profile's ephemeral range for this remote end: a port is free again when the connection
    // that used it is gone, TIME_WAIT included. None free: EADDRNOTAVAIL, as Linux's connect() says.
    private ushort AllocateEphemeralPort(Endpoint remote)
    {
        var (first, last) = Limits.EphemeralPorts;
        for (var tries = 0; tries <= last - first; tries++)
        {
            var port = _nextEphemeralPort is { } next && next >= first && next <= last ? next : first;
            _nextEphemeralPort = port == last ? first : (ushort)(port + 1);
            if (!_listeners.ContainsKey(port) && !_connections.ContainsKey((port, remote))) return port;
        }
        Note($"connect to {Trace.Name(remote)}: EADDRNOTAVAIL, every ephemeral port {first}-{last} has a connection to it (TIME_WAIT included)");
        throw new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.AddressNotAvailable);
    }

    /// <summary>Whether a listener or a connection uses the local port.</summary>
    internal bool PortInUse(ushort port) => _listeners.ContainsKey(port) || _connections.Keys.Any(k => k.LocalPort == port);

    /// <summary>The states of the connections that use the local port, for a note ("TIME_WAIT x 3").</summary>
    internal string UsesOf(ushort port) => string.Join(", ", _connections.Where(c => c.Key.LocalPort == port)
        .GroupBy(c => c.Value.State).Select(g => $"{g.Key.ToTraceName()} x {g.Count()}"));

    internal Listener Listen(ushort port, int backlog)
    {
        if (_listeners.ContainsKey(port))
            throw new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.AddressAlreadyInUse);
        var listener = new Listener(port, backlog, Limits.AcceptQueueHoldsBacklogPlusOne ? Math.Max(0, backlog) + 1 : Math.Max(1, backlog));
        _listeners[port] = listener;
        return listener;
    }

    internal void StopListening(Listener listener)
    {
        _listeners.Remove(listener.Port);
        // Connections nobody accepted are reset, as Linux does when a listening socket closes.
        while (listener.AcceptQueue.TryDequeue(out var orphan)) Abort(orphan);
    }

    /// <summary>The app closed a connected socket.</summary>
    internal void Close(Connection connection)
    {
        connection.AppClosed = true;
        if (connection.UnreadBytes > 0)
        {
            // Linux (tcp_close): unread data means the app lost something the peer thinks was delivered, so reset.
            Note($"close() with {connection.UnreadBytes} unread bytes: the connection is reset (RFC 1122 §4.2.2.13, RFC 9293 §3.6.1: data was lost), as Linux does");
            Abort(connection);
        }
        else if (connection.State is TcpState.Established or TcpState.CloseWait) connection.RequestClose();
        else if (connection.State is TcpState.SynSent or TcpState.SynReceived) Abort(connection);
    }

    /// <summary>RFC 9293 §3.10.5, the ABORT call: a reset to the peer (none in SYN_SENT, where it knows of nothing),
    /// then the TCB is deleted.</summary>
    internal void Abort(Connection connection)
    {
        if (connection.State is TcpState.Closed or TcpState.Listen) return;
        if (connection.State != TcpState.SynSent)
            connection.SendSegment(TcpFlags.Rst | TcpFlags.Ack, connection.SndNxt, connection.RcvNxt, ReadOnlyMemory<byte>.Empty,
                Limits.ActiveResetCarriesWindow ? (ushort)Math.Max(0, connection.RcvWnd - connection.UnreadBytes) : null);
        connection.DeleteTcb(System.Net.Sockets.SocketError.ConnectionAborted);
        _connections.Remove((connection.Local.Port, connection.Remote));
    }

    /// <summary>Called after a handler changed a connection's state.</summary>
    internal void OnStateChanged(Connection connection, TcpState before)
    {
        if (connection.State == TcpState.Closed)
        {
            _connections.Remove((connection.Local.Port, connection.Remote));
            return;
        }
        if (connection.State == TcpState.Established && before == TcpState.SynReceived && connection.Listener is { } listener)
        {
            if (!_listeners.ContainsKey(listener.Port))
            {
                Abort(connection);
                return;
            }
            if (listener.PendingAccept is { } waiting)
            {
                listener.PendingAccept = null;
                Simulation.Defer(() => waiting.TrySetResult(connection));
            }
            else listener.AcceptQueue.Enqueue(connection);
        }
    }

    internal void Note(string text)
    {
        if (Trace.Enabled) Trace.Add(new TraceEvent(Scheduler.Now, TraceKind.Note, Name, text));
    }

    /// <summary>Writes an app-level line into the trace ("client received 5 bytes").</summary>
    public void Log(string text) => App(text);

    internal void App(string text)
    {
        if (Trace.Enabled) Trace.Add(new TraceEvent(Scheduler.Now, TraceKind.App, Name, text));
    }

    public override string ToString() => $"{Name} ({Endpoint.FormatAddress(Address)})";
}
