using TcpKata.Engine;

namespace TcpKata.Kit.Tests.Matrix;

/// <summary>The events of the state × event matrix: what can happen to a connection, in TCP's words.</summary>
public enum CellEvent
{
    Syn, SynAck, Ack, Data, Fin, Rst, Unacceptable,
    RetransmissionTimeout, TimeWaitTimeout, FinWait2Timeout,
}

/// <summary>
/// Asks the kit itself who decides a (state, event) cell: a connection is put into the state by a recording
/// OnConnect, the event happens (a segment arrives from a silent peer, or the clock runs past a timer), and the probe
/// records which handler the kit called, or what the kit did without one. Nothing here restates the dispatch: the
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
        var sim = new Simulation(recorder.Handlers, seed: 1, link: LinkOptions.Instant);
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
        if (Segment(e, Peer, localEnd) is { } segment) sim.Network.Transmit(peer, segment);
        sim.RunFor(e is CellEvent.RetransmissionTimeout or CellEvent.TimeWaitTimeout or CellEvent.FinWait2Timeout
            ? TimeSpan.FromMinutes(3) : TimeSpan.FromMilliseconds(10));
        if (recorder.Calls.Count > 0) return string.Join(", ", recorder.Calls.Distinct());
        var reply = peer.Sent.Count == 0 ? "nothing sent"
            : string.Join(", ", peer.Sent.Select(s => s.Flags.ToString().ToUpperInvariant().Replace(", ", "+", StringComparison.Ordinal)).Distinct());
        return $"kit: {reply}";
    }

    // The peer's segment for the event, shaped to be acceptable where the event is not "unacceptable":
    // in window at RCV.NXT, acknowledging SND.NXT.
    private static Segment? Segment(CellEvent e, Endpoint from, Endpoint to)
    {
        SeqNum seq = Irs + 1, ack = Iss + 1;
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

        void IClientHandshake.OnConnect(Connection c)
        {
            c.Iss = Iss;
            c.Irs = Irs;
            c.SndUna = Iss;
            c.SndNxt = Iss + 1;
            c.RcvNxt = Irs + 1;
            // Something unacknowledged for the retransmission timer to be about (a SYN or FIN takes sequence space), except
            // where everything this side sent is acknowledged by definition: FIN_WAIT_2 and TIME_WAIT.
            if (e == CellEvent.RetransmissionTimeout && state is not (TcpState.FinWait2 or TcpState.TimeWait))
                c.Send(TcpFlags.Fin | TcpFlags.Ack, Iss, Irs + 1);
            c.State = state;
            if (state == TcpState.TimeWait && e == CellEvent.TimeWaitTimeout) c.StartTimeWaitTimer();
        }

        void IClientHandshake.OnSegmentInSynSent(Connection c, Segment seg) => Calls.Add("IClientHandshake.OnSegmentInSynSent");
        void IClientHandshake.OnRetransmissionTimeout(Connection c) => Calls.Add("IClientHandshake.OnRetransmissionTimeout");
        void IServerHandshake.OnSegmentInListen(Connection c, Segment seg) => Calls.Add("IServerHandshake.OnSegmentInListen");
        void IServerHandshake.OnSegmentInSynReceived(Connection c, Segment seg) => Calls.Add("IServerHandshake.OnSegmentInSynReceived");
        void IServerHandshake.OnRetransmissionTimeout(Connection c) => Calls.Add("IServerHandshake.OnRetransmissionTimeout");
        void IPassiveClose.OnFin(Connection c, Segment seg) => Calls.Add("IPassiveClose.OnFin");
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
