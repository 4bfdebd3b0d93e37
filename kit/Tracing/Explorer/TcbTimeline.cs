namespace TcpKata.Tracing.Explorer;

/// <summary>One connection's transmission control block at a moment, as the explorer shows it.</summary>
public sealed record TcbSnapshot(string Host, Endpoint Local, Endpoint Remote, TcpState State, SeqNum Iss, SeqNum Irs, SeqNum SndUna, SeqNum SndNxt,
    ushort SndWnd, SeqNum RcvNxt, TimeSpan Rto, int Retransmissions, bool RetransmissionTimer, bool TimeWaitTimer);

/// <summary>
/// Every connection's TCB as the run went: a snapshot when each scheduler event (a segment's arrival, a timer, an app's
/// call) has been handled, so that the TCB "after" a trace event is what the handler that produced it left, not a
/// moment in the middle of it. Events recorded outside any scheduler event (a scenario's setup) get the TCBs of that
/// moment. Attached to a simulation before it runs (<c>Scenario.Run(..., observe: ...)</c>); it only reads.
/// </summary>
public sealed class TcbTimeline
{
    private readonly Simulation _sim;
    private readonly List<long> _tickOf = [];                        // trace event index -> the scheduler event it came from
    private readonly Dictionary<long, IReadOnlyList<TcbSnapshot>> _afterTick = [];
    private readonly Dictionary<int, IReadOnlyList<TcbSnapshot>> _outsideTicks = [];

    public TcbTimeline(Simulation sim)
    {
        _sim = sim;
        sim.Trace.Recorded += _ =>
        {
            if (!sim.Scheduler.IsRunningEvent) _outsideTicks[_tickOf.Count] = Snapshot();
            _tickOf.Add(sim.Scheduler.IsRunningEvent ? sim.Scheduler.EventsRun : -1);
        };
        sim.Scheduler.Ran += () =>
        {
            if (_tickOf.Count > 0 && _tickOf[^1] == sim.Scheduler.EventsRun) _afterTick[sim.Scheduler.EventsRun] = Snapshot();
        };
    }

    /// <summary>The TCBs after the trace's event <paramref name="index"/> (an index into <see cref="Trace.Events"/>).</summary>
    public IReadOnlyList<TcbSnapshot> After(int index) =>
        _outsideTicks.TryGetValue(index, out var outside) ? outside
        : index < _tickOf.Count && _afterTick.TryGetValue(_tickOf[index], out var after) ? after
        : Snapshot();

    private List<TcbSnapshot> Snapshot() =>
        _sim.Hosts.SelectMany(h => h.Connections.Select(c => new TcbSnapshot(h.Name, c.Local, c.Remote, c.State, c.Iss, c.Irs, c.SndUna, c.SndNxt,
            c.SndWnd, c.RcvNxt, c.Rto, c.Retransmissions, c.IsRetransmissionTimerRunning, c.IsTimeWaitTimerRunning))).ToList();
}
