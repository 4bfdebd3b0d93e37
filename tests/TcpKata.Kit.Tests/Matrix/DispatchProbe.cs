using TcpKata.Engine;

namespace TcpKata.Kit.Tests.Matrix;

/// <summary>The events of the state × event matrix: what can happen to a connection, in TCP's words.</summary>
public enum CellEvent
{
    Syn, SynAck, Ack, Data, Fin, Rst, Unacceptable,
    RetransmissionTimeout, TimeWaitTimeout, FinWait2Timeout,
    Connect, Listen, Send, Receive, Shutdown, Close,
}

/// <summary>
/// Asks the kit itself who decides a (state, event) cell: a connection is put into the state by a recording
/// OnConnect, the event happens (a segment arrives from a silent peer, or the clock runs past a timer), and the probe
/// records which handler the kit called, or what the kit did without one. The app's calls are made on the socket whose
/// connection is in the state (a fresh socket for CLOSED, a listening one for LISTEN). Nothing here restates the dispatch: the
/// matrix page is generated from what the code does.
/// </summary>
public static class DispatchProbe
{
    private static readonly Endpoint Peer = new(Endpoint.ParseAddress("192.0.2.1"), 40000);
    private const ushort ListeningPort = 8080, ClosedPort = 9999;
    private const uint Iss = 1000, Irs = 5000;

    /// <summary>What a cell says when the event cannot occur in the state (a timer that does not run there).</summary>
    public const string CannotHappen = "—";

    public static string WhoDecides(TcpState state, CellEvent e)
    {
        var recorder = new Recorder(state, e);
        var sim = new Simulation(recorder.Handlers.WithoutContracts(), seed: 1, link: LinkOptions.Instant);
        var local = sim.AddHost("local", "192.168.0.1");
        var peer = new SilentPeer(Peer.Address);
        sim.Network.Attach(peer);
        var socket = local.CreateSocket();
        Endpoint localEnd;
        if (state == TcpState.Listen)
        {
            socket.Bind(ListeningPort);
            socket.Listen();
            localEnd = new Endpoint(local.Address, ListeningPort);
        }
        else if (state == TcpState.Closed) localEnd = new Endpoint(local.Address, ClosedPort);
        else
        {
            // The connect completes only in ESTABLISHED, and fails when the probed event ends the connection: either is fine.
            _ = sim.Start(async () =>
            {
                try { await socket.ConnectAsync(Peer.ToIPEndPoint()); }
                catch (System.Net.Sockets.SocketException) { }
            });
            sim.RunFor(TimeSpan.FromMilliseconds(1));
            localEnd = socket.Connection!.Local;
            // The states after the peer's FIN are reached through a real FIN, so the kit knows the peer has closed.
            if (Recorder.AfterThePeersFin(state))
            {
                var c = socket.Connection!;
                sim.Network.Transmit(peer, new Segment(Peer, localEnd, c.RcvNxt, c.SndNxt, TcpFlags.Fin | TcpFlags.Ack, 65535));
                sim.RunFor(TimeSpan.FromMilliseconds(1));
            }
            if (e == CellEvent.FinWait2Timeout) sim.Start(() => { socket.Close(); return Task.CompletedTask; });
        }
        sim.RunFor(TimeSpan.FromMilliseconds(1));
        // A timer that is not running in this state cannot expire in it.
        var connection = socket.Connection;
        var timerRuns = e switch
        {
            CellEvent.RetransmissionTimeout => connection?.IsRetransmissionTimerRunning,
            CellEvent.TimeWaitTimeout => connection?.IsTimeWaitTimerRunning,
            CellEvent.FinWait2Timeout => connection?.IsFinWait2TimerRunning,
            _ => true,
        };
        if (timerRuns != true) return CannotHappen;
        peer.Sent.Clear();
        recorder.Calls.Clear();
        if (Segment(e, Peer, localEnd, connection) is { } segment) sim.Network.Transmit(peer, segment);
        if (e >= CellEvent.Connect && AppCall(e, socket) is { } refused) return $"kit: {refused}";
        sim.RunFor(e is CellEvent.RetransmissionTimeout or CellEvent.TimeWaitTimeout or CellEvent.FinWait2Timeout
            ? TimeSpan.FromMinutes(3) : TimeSpan.FromMilliseconds(10));
        if (recorder.Calls.Count > 0) return string.Join(", ", recorder.Calls.Distinct());
        var reply = peer.Sent.Count == 0 ? "nothing sent"
            : string.Join(", ", peer.Sent.Select(s => s.Flags.ToString().ToUpperInvariant().Replace(", ", "+", StringComparison.Ordinal)).Distinct());
        return $"kit: {reply}";
    }

    // Makes the app's call; returns what the socket said when it refused it, or null.
    private static string? AppCall(CellEvent e, TcpSocket socket)
    {
        socket.Blocking = false;
        try
        {
            switch (e)
            {
                case CellEvent.Connect:
                    _ = socket.ConnectAsync(Peer.ToIPEndPoint());
                    break;
                case CellEvent.Listen:
                    if (socket.State == TcpState.Closed) socket.Bind(ListeningPort + 1);
                    socket.Listen();
                    break;
                case CellEvent.Send:
                    socket.Send(new byte[10]);
                    break;
                case CellEvent.Receive:
                    var read = socket.ReceiveAsync(new byte[10]);
                    return read.IsCompleted ? $"returns {read.Result}" : "waits";
                case CellEvent.Shutdown:
                    socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
                    break;
                case CellEvent.Close:
                    socket.Close();
                    break;
            }
            return null;
        }
        catch (System.Net.Sockets.SocketException x)
        {
            return x.SocketErrorCode == System.Net.Sockets.SocketError.InProgress ? null : $"error {x.SocketErrorCode}";
        }
    }

    // The peer's segment for the event, shaped to be acceptable where the event is not "unacceptable": at RCV.NXT,
    // acknowledging SND.NXT (for LISTEN and CLOSED, where there is no TCB, the numbers a fresh connection would have).
    private static Segment? Segment(CellEvent e, Endpoint from, Endpoint to, Connection? c)
    {
        SeqNum seq = c?.RcvNxt ?? Irs + 1, ack = c?.SndNxt ?? Iss + 1;
        return e switch
        {
            CellEvent.Syn => new Segment(from, to, Irs, default, TcpFlags.Syn, 65535, 1460),
            CellEvent.SynAck => new Segment(from, to, Irs, ack, TcpFlags.Syn | TcpFlags.Ack, 65535, 1460),
            CellEvent.Ack => new Segment(from, to, seq, ack, TcpFlags.Ack, 65535),
            CellEvent.Data => new Segment(from, to, seq, ack, TcpFlags.Ack | TcpFlags.Psh, 65535, 0, new byte[10]),
            CellEvent.Fin => new Segment(from, to, seq, ack, TcpFlags.Fin | TcpFlags.Ack, 65535),
            CellEvent.Rst => new Segment(from, to, seq, ack, TcpFlags.Rst | TcpFlags.Ack, 0),
            CellEvent.Unacceptable => new Segment(from, to, seq + 1_000_000, ack, TcpFlags.Ack, 65535),
            _ => null,
        };
    }

    private sealed class SilentPeer(uint address) : INetworkNode
    {
        public List<Segment> Sent { get; } = [];
        public string Name => "remote";
        public uint Address { get; } = address;
        public void Receive(in Segment segment) => Sent.Add(segment);
    }

    /// <summary>Handlers that record their calls and do nothing, except OnConnect, which makes the state under probe.</summary>
    private sealed class Recorder(TcpState state, CellEvent e) : IClientHandshake, IServerHandshake, IPassiveClose, IActiveClose, IResetHandling
    {
        public List<string> Calls { get; } = [];

        public TcpHandlers Handlers => new(this, this, this, this, this);

        public static bool AfterThePeersFin(TcpState state) => state is TcpState.CloseWait or TcpState.Closing or TcpState.LastAck or TcpState.TimeWait;

        private void Enter(Connection c)
        {
            // Something unacknowledged for the retransmission timer to be about (a FIN takes sequence space), except
            // where everything this side sent is acknowledged by definition: FIN_WAIT_2 and TIME_WAIT.
            if (e == CellEvent.RetransmissionTimeout && state is not (TcpState.FinWait2 or TcpState.TimeWait))
            {
                c.Send(TcpFlags.Fin | TcpFlags.Ack, c.SndNxt, c.RcvNxt);
                c.SndNxt += 1;
            }
            c.State = state;
            if (state == TcpState.TimeWait && e == CellEvent.TimeWaitTimeout) c.StartTimeWaitTimer();
        }

        void IClientHandshake.OnConnect(Connection c)
        {
            if (state == TcpState.Closed)
            {
                Calls.Add("IClientHandshake.OnConnect");
                return;
            }
            c.Iss = Iss;
            c.Irs = Irs;
            c.SndUna = Iss;
            c.SndNxt = Iss + 1;
            c.RcvNxt = Irs + 1;
            c.SndWnd = 65535;
            if (AfterThePeersFin(state)) c.State = TcpState.Established;
            else Enter(c);
        }

        void IClientHandshake.OnSegmentInSynSent(Connection c, Segment seg) => Calls.Add("IClientHandshake.OnSegmentInSynSent");
        void IClientHandshake.OnRetransmissionTimeout(Connection c) => Calls.Add("IClientHandshake.OnRetransmissionTimeout");
        void IServerHandshake.OnSegmentInListen(Connection c, Segment seg) => Calls.Add("IServerHandshake.OnSegmentInListen");
        void IServerHandshake.OnSegmentInSynReceived(Connection c, Segment seg) => Calls.Add("IServerHandshake.OnSegmentInSynReceived");
        void IServerHandshake.OnRetransmissionTimeout(Connection c) => Calls.Add("IServerHandshake.OnRetransmissionTimeout");
        void IPassiveClose.OnFin(Connection c, Segment seg)
        {
            Calls.Add("IPassiveClose.OnFin");
            if (!AfterThePeersFin(state) || c.State != TcpState.Established) return;
            c.RcvNxt = seg.End;
            Enter(c);
        }
        void IPassiveClose.OnClose(Connection c) => Calls.Add("IPassiveClose.OnClose");
        void IPassiveClose.OnSegmentInLastAck(Connection c, Segment seg) => Calls.Add("IPassiveClose.OnSegmentInLastAck");
        void IPassiveClose.OnRetransmissionTimeout(Connection c) => Calls.Add("IPassiveClose.OnRetransmissionTimeout");
        void IActiveClose.OnClose(Connection c) => Calls.Add("IActiveClose.OnClose");
        void IActiveClose.OnSegmentInFinWait1(Connection c, Segment seg) => Calls.Add("IActiveClose.OnSegmentInFinWait1");
        void IActiveClose.OnSegmentInFinWait2(Connection c, Segment seg) => Calls.Add("IActiveClose.OnSegmentInFinWait2");
        void IActiveClose.OnSegmentInClosing(Connection c, Segment seg) => Calls.Add("IActiveClose.OnSegmentInClosing");
        void IActiveClose.OnSegmentInTimeWait(Connection c, Segment seg) => Calls.Add("IActiveClose.OnSegmentInTimeWait");
        void IActiveClose.OnTimeWaitTimeout(Connection c) => Calls.Add("IActiveClose.OnTimeWaitTimeout");
        void IActiveClose.OnRetransmissionTimeout(Connection c) => Calls.Add("IActiveClose.OnRetransmissionTimeout");
        void IResetHandling.OnReset(Connection c, Segment seg) => Calls.Add("IResetHandling.OnReset");
    }
}
