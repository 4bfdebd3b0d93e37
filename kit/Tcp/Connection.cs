using System.Net.Sockets;
using TcpKata.Tracing;

namespace TcpKata;

/// <summary>
/// One connection's Transmission Control Block (RFC 9293 §3.3.1): its state, its send and receive
/// sequence variables, and the means to act. Handlers read and set the variables and call
/// <see cref="Send"/>; the kit owns everything around them (demultiplexing, the retransmission
/// queue and timer bookkeeping, buffers and the socket the app sees). Which handler decides what, state by state:
/// the tables at the top of Connection.SegmentArrives.cs (segments, RFC 9293 §3.10.7) and Connection.Timeouts.cs
/// (timers, §3.10.8).
/// </summary>
/// <remarks>
/// Send sequence space (RFC 9293 §3.3.1, Figure 3):
/// <code>
///      1         2          3          4
/// ----------|----------|----------|----------
///        SND.UNA    SND.NXT    SND.UNA+SND.WND
/// 1 - acknowledged   2 - sent, not yet acknowledged   3 - may send   4 - may not send yet
/// </code>
/// </remarks>
public sealed partial class Connection
{
    private readonly TcpHost _host;
    private readonly TcpTimer _retransmissionTimer;
    private readonly TcpTimer _timeWaitTimer;
    private readonly TcpTimer _finWait2Timer;
    private readonly TcpTimer _delayedAckTimer;
    private readonly RetransmissionQueue _unacknowledged = new();
    private readonly RttEstimator _rtt = new();
    private TcpState _state;
    private TimeSpan _rto;

    internal Connection(TcpHost host, Endpoint local, Endpoint remote, Listener? listener)
    {
        _host = host;
        Local = local;
        Remote = remote;
        Listener = listener;
        _state = listener is null ? TcpState.Closed : TcpState.Listen;
        _rto = host.Limits.InitialRto;
        _retransmissionTimer = new TcpTimer(host.Scheduler, OnRetransmissionTimerFired);
        _timeWaitTimer = new TcpTimer(host.Scheduler, OnTimeWaitTimerFired);
        _finWait2Timer = new TcpTimer(host.Scheduler, OnFinWait2TimerFired);
        _delayedAckTimer = new TcpTimer(host.Scheduler, SendDelayedAck);
    }

    public Endpoint Local { get; }
    public Endpoint Remote { get; }

    /// <summary>True when this connection began as a passive open (a SYN arrived at a listening port).</summary>
    public bool IsPassiveOpen => Listener is not null;

    internal Listener? Listener { get; }

    /// <summary>The connection's state. Setting it records the transition in the trace.</summary>
    public TcpState State
    {
        get => _state;
        set
        {
            if (value == _state) return;
            if (_host.Trace.Enabled)
                _host.Trace.Add(new TraceEvent(Now, TraceKind.State, _host.Name, $"{_state.ToTraceName()} -> {value.ToTraceName()}", Local: Local, NewState: value));
            _state = value;
        }
    }

    /// <summary>ISS: the initial send sequence number this side chose.</summary>
    public SeqNum Iss { get; set; }

    /// <summary>IRS: the initial receive sequence number, the peer's ISN taken from its SYN.</summary>
    public SeqNum Irs { get; set; }

    /// <summary>SND.UNA: the oldest sequence number sent but not yet acknowledged.</summary>
    public SeqNum SndUna { get; set; }

    /// <summary>SND.NXT: the sequence number the next new segment will carry.</summary>
    public SeqNum SndNxt { get; set; }

    /// <summary>SND.WND: the window the peer last advertised.</summary>
    public ushort SndWnd { get; set; }

    /// <summary>RCV.NXT: the next sequence number expected from the peer; what our ACKs carry.</summary>
    public SeqNum RcvNxt { get; set; }

    /// <summary>RCV.WND: the window we advertise.</summary>
    public ushort RcvWnd => _host.Limits.Window;

    /// <summary>The peer's MSS option, or 536 when its SYN carried none (RFC 9293 §3.7.1).</summary>
    public ushort PeerMss { get; private set; } = 536;

    public TcpLimits Limits => _host.Limits;

    /// <summary>The current virtual time.</summary>
    public TimeSpan Now => _host.Scheduler.Now;

    /// <summary>
    /// The retransmission timeout (RFC 6298). Starts at <see cref="TcpLimits.InitialRto"/>; the kit
    /// updates it from RTT samples. Setting it clamps to [MinRto, MaxRto] as RFC 6298 (2.4) and (2.5) allow.
    /// </summary>
    public TimeSpan Rto
    {
        get => _rto;
        set => _rto = value < Limits.MinRto ? Limits.MinRto : value > Limits.MaxRto ? Limits.MaxRto : value;
    }

    /// <summary>How many times in a row the oldest unacknowledged segment has been retransmitted. Reset when an ACK covers it.</summary>
    public int Retransmissions { get; private set; }

    public bool IsRetransmissionTimerRunning => _retransmissionTimer.IsRunning;

    /// <summary>Segments sent and not yet acknowledged (the kit's retransmission queue).</summary>
    public int UnacknowledgedSegments => _unacknowledged.Count;

    /// <summary>A fresh initial sequence number from the host's generator (RFC 6528 by default). Never a constant.</summary>
    public SeqNum NewIsn() => _host.IsnGenerator.Next(Local, Remote, Now);

    /// <summary>
    /// Sends a segment without payload from <see cref="Local"/> to <see cref="Remote"/>, advertising
    /// <see cref="RcvWnd"/>; a SYN also carries the MSS option. <paramref name="ack"/> is sent only when
    /// <paramref name="flags"/> include ACK. A SYN or FIN occupies sequence space, so the kit keeps it
    /// for retransmission and starts the retransmission timer if it is not running (RFC 6298 (5.1)).
    /// It does not change SND.NXT: that is yours to advance.
    /// </summary>
    public void Send(TcpFlags flags, SeqNum seq, SeqNum ack = default) => SendSegment(flags, seq, ack, ReadOnlyMemory<byte>.Empty);

    /// <summary>
    /// RFC 9293 §3.10.7.4's acceptability test: does any part of <paramref name="seg"/> fall inside the
    /// receive window [RCV.NXT, RCV.NXT + RCV.WND)? Old duplicates (a retransmitted SYN after you already
    /// took it) fail it.
    /// </summary>
    public bool IsAcceptable(in Segment seg)
    {
        var window = RcvWnd;
        var len = seg.Length;
        var startsInWindow = seg.Seq >= RcvNxt && seg.Seq < RcvNxt + window;
        if (len == 0) return window == 0 ? seg.Seq == RcvNxt : startsInWindow;
        var last = seg.Seq + (len - 1);
        return window != 0 && (startsInWindow || (last >= RcvNxt && last < RcvNxt + window));
    }

    /// <summary>
    /// RFC 6298 (5.4): "Retransmit the earliest segment that has not been acknowledged by the TCP receiver." It leaves
    /// the timer alone: backing it off (5.5) and restarting it (5.6) are the handler's, and a handler that forgets
    /// the restart retransmits once and never again, as a real stack would.
    /// </summary>
    public void RetransmitEarliest()
    {
        if (!_unacknowledged.TryPeekOldest(out var oldest))
            throw new InvalidOperationException("nothing to retransmit: every segment sent has been acknowledged");
        _unacknowledged.MarkOldestRetransmitted();
        Retransmissions++;
        // Re-sent with the current ACK and window, as a real stack does.
        var again = new Segment(oldest.Source, oldest.Destination, oldest.Seq, oldest.IsAck ? RcvNxt : oldest.Ack,
            oldest.Flags, RcvWnd, oldest.Mss, oldest.Payload);
        _handlerCall?.Sent.Add(again);
        _host.Transmit(again);
    }

    /// <summary>RFC 6298 (5.6): "Start the retransmission timer, such that it expires after RTO seconds".</summary>
    public void RestartRetransmissionTimer() => _retransmissionTimer.Start(Rto);

    public void StopRetransmissionTimer() => _retransmissionTimer.Stop();

    /// <summary>
    /// (Re)starts the TIME_WAIT timer: 2 x MSL (RFC 9293 §3.10.7.4), 60 s with the kit's Linux-like MSL of 30 s.
    /// Long enough for the peer to retransmit a FIN whose ACK was lost, and for old duplicates of this
    /// connection to die out before the same four-tuple can be used again.
    /// </summary>
    public void StartTimeWaitTimer() => _timeWaitTimer.Start(2 * Limits.Msl);

    public bool IsTimeWaitTimerRunning => _timeWaitTimer.IsRunning;

    /// <summary>
    /// RFC 9293's "delete the TCB, enter the CLOSED state": the connection goes to CLOSED, its timers stop, its
    /// queues empty, and the app sees <paramref name="error"/> (ConnectionRefused, ConnectionReset, TimedOut). Nothing
    /// is sent: a reset is a segment you send yourself. Pass <see cref="SocketError.Success"/> to drop quietly a
    /// connection no app knows about yet.
    /// </summary>
    public void DeleteTcb(SocketError error)
    {
        if (error != SocketError.Success) Error = error;
        Forget();
        State = TcpState.Closed;
    }

    /// <summary>The host drops a per-peer TCB its listener did not keep (left in LISTEN): quietly, with no state change to trace.</summary>
    internal void Discard() => Forget();

    /// <summary>The TCB is gone: nothing of it may fire or be retransmitted any more.</summary>
    private void Forget()
    {
        _retransmissionTimer.Stop();
        _timeWaitTimer.Stop();
        _finWait2Timer.Stop();
        _delayedAckTimer.Stop();
        _keepAliveTimer?.Stop();
        _unacknowledged.Clear();
    }

    /// <summary>What ended the connection, if it ended in error.</summary>
    public SocketError? Error { get; private set; }

    // window: what to advertise where the default does not apply (an active reset under Linux's profile).
    internal void SendSegment(TcpFlags flags, SeqNum seq, SeqNum ack, ReadOnlyMemory<byte> payload, ushort? window = null)
    {
        var mss = (flags & TcpFlags.Syn) != 0 ? Limits.Mss : (ushort)0;
        // A reset answering a segment advertises no window: there is nothing left to receive into.
        window ??= (flags & TcpFlags.Rst) != 0 ? (ushort)0 : RcvWnd;
        var segment = new Segment(Local, Remote, seq, (flags & TcpFlags.Ack) != 0 ? ack : default, flags, window.Value, mss, payload);
        _handlerCall?.Sent.Add(segment);
        // A bare ACK may wait for data to ride on (Connection.DelayedAck.cs: Linux's rules).
        if (flags == TcpFlags.Ack && payload.IsEmpty && Limits.DelayedAck is { } delay)
        {
            var timing = TimingOfBareAck();
            if (timing == AckTiming.QuickAck) _quickAcks--;
            // A second ACK while one is already waiting goes out at once (RFC 1122: ACK at least every second segment).
            else if (timing == AckTiming.Delayed && !_delayedAckTimer.IsRunning)
            {
                _delayedAckTimer.Start(delay);
                return;
            }
        }
        // Anything sent now carries the current ACK, so a waiting delayed ACK has nothing left to say.
        _delayedAckTimer.Stop();
        if (segment.IsAck) OnAckSent();
        _host.Transmit(segment);
        if (segment.Length == 0) return;
        _unacknowledged.Add(segment, Now);
        if (!_retransmissionTimer.IsRunning) _retransmissionTimer.Start(Rto);
    }

    private void SendDelayedAck()
    {
        if (_state is TcpState.Closed or TcpState.Listen) return;
        Trace($"delayed ACK timer fired ({Limits.DelayedAck!.Value.TotalMilliseconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} ms): nothing to ride on", TraceKind.Timer);
        OnAckSent();
        _host.Transmit(new Segment(Local, Remote, SndNxt, RcvNxt, TcpFlags.Ack, RcvWnd));
    }

    /// <summary>
    /// After any event's handler ran (a segment, a timeout, a call from the app): retire what SND.UNA now covers,
    /// keep the timer per RFC 6298 (5.2)/(5.3), and let the host and the app react to a state change.
    /// </summary>
    private void AfterHandler(TcpState before, Segment? seg)
    {
        var removed = _unacknowledged.RemoveAcknowledged(SndUna, Now, out var sample);
        if (removed > 0)
        {
            Retransmissions = 0;
            if (sample is { } r) Rto = _rtt.Sample(r, Limits.RtoAddsMinRto ? Limits.MinRto : TimeSpan.Zero);
            // (5.2) all outstanding data acknowledged: turn off the timer; (5.3) new data acknowledged: restart it.
            if (_unacknowledged.Count == 0) _retransmissionTimer.Stop();
            else _retransmissionTimer.Start(Rto);
        }
        if (_state == before) return;
        if (_state == TcpState.Closed) Forget();
        StartOrphanTimerInFinWait2();
        _host.OnStateChanged(this, before);
        OnStateChangedForApp(before);
        // RFC 9293 §3.10.7.4: a segment that completes the handshake may carry data or a FIN; "continue processing".
        if (seg is { } s && _state == TcpState.Established && before is TcpState.SynSent or TcpState.SynReceived
            && (s.Payload.Length > 0 || s.IsFin))
        {
            var rest = new Segment(s.Source, s.Destination, s.IsSyn ? s.Seq + 1 : s.Seq, s.Ack, s.Flags & ~TcpFlags.Syn, s.Window, 0, s.Payload);
            OnSegment(rest);
        }
    }

    // The handler running now (its contract's view of the TCB before it), or null between handlers.
    private HandlerContracts.Call? _handlerCall;

    /// <summary>
    /// Runs one handler and checks its contract the moment it returns (HandlerContracts.cs): a handler that breaks what
    /// RFC 9293 requires of it fails there, by name, rather than through the symptoms it causes later.
    /// </summary>
    internal void Handle(Handler handler, Segment? seg, Action<TcpHandlers, Connection, Segment> run)
    {
        var outer = _handlerCall;
        var call = _handlerCall = new HandlerContracts.Call(this, handler, seg);
        var (name, what) = HandlerContracts.NameOf(handler);
        var recorded = _host.Trace.HandlerStarted(name, what, _host.Name, Now);
        try
        {
            run(_host.Handlers, this, seg ?? default);
        }
        finally
        {
            _handlerCall = outer;
            _host.Trace.HandlerEnded(recorded);
        }
        if (_host.Handlers.ChecksContracts) HandlerContracts.Check(call, this);
    }

    /// <summary>After the app called in (connect, send): the same bookkeeping as after a handler.</summary>
    internal void AfterApp(TcpState before) => AfterHandler(before, null);

    internal void Trace(string text, TraceKind kind = TraceKind.Note)
    {
        if (_host.Trace.Enabled) _host.Trace.Add(new TraceEvent(Now, kind, _host.Name, text, Local: Local));
    }

    public override string ToString() =>
        $"{_host.Trace.Name(Local)} -> {_host.Trace.Name(Remote)} {_state.ToTraceName()} " +
        $"(ISS {Iss}, IRS {Irs}, SND.UNA {SndUna}, SND.NXT {SndNxt}, RCV.NXT {RcvNxt})";
}
