namespace TcpKata.Engine;

/// <summary>Something the scheduler can call back: a host receiving a segment, a timer, a posted continuation.</summary>
public interface IEventTarget
{
    void OnEvent(in ScheduledEvent e);
}

/// <summary>One pending event. A struct, so scheduling a segment delivery allocates nothing.</summary>
public readonly struct ScheduledEvent
{
    public ScheduledEvent(IEventTarget target, Segment segment, long token, object? state)
    {
        Target = target;
        Segment = segment;
        Token = token;
        State = state;
    }

    public IEventTarget Target { get; }
    public Segment Segment { get; }

    /// <summary>Target-defined: a timer's generation (stale ones are ignored), a delivery's kind.</summary>
    public long Token { get; }

    public object? State { get; }
}

/// <summary>
/// The discrete-event scheduler and virtual clock. Events run in (time, insertion order), one at a
/// time, on the calling thread: no wall clock, no threads, so the same inputs give the same run.
/// </summary>
public sealed class Scheduler
{
    private readonly PriorityQueue<ScheduledEvent, (long Ticks, long Order)> _queue = new();
    private long _order;

    /// <summary>Virtual time since the simulation started.</summary>
    public TimeSpan Now { get; private set; }

    public int Pending => _queue.Count;

    /// <summary>How many events have run; a cheap progress measure for benchmarks and runaway guards.</summary>
    public long EventsRun { get; private set; }

    /// <summary>True while an event is running: blocking socket calls are refused then.</summary>
    public bool IsRunningEvent { get; private set; }

    public void Schedule(TimeSpan delay, IEventTarget target, in Segment segment = default, long token = 0, object? state = null)
    {
        if (delay < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(delay), delay, "events cannot be scheduled in the past");
        _queue.Enqueue(new ScheduledEvent(target, segment, token, state), ((Now + delay).Ticks, _order++));
    }

    /// <summary>The time of the next event, or null when nothing is pending.</summary>
    public TimeSpan? NextEventTime => _queue.TryPeek(out _, out var key) ? TimeSpan.FromTicks(key.Ticks) : null;

    /// <summary>Raised after each event has run (the trace explorer snapshots the TCBs there: what a handler left).</summary>
    public event Action? Ran;

    /// <summary>Runs the next event. False when there is none.</summary>
    public bool RunNext()
    {
        if (!_queue.TryDequeue(out var e, out var key)) return false;
        Now = TimeSpan.FromTicks(key.Ticks);
        EventsRun++;
        var wasRunning = IsRunningEvent;
        IsRunningEvent = true;
        try
        {
            e.Target.OnEvent(in e);
        }
        finally
        {
            IsRunningEvent = wasRunning;
        }
        Ran?.Invoke();
        return true;
    }

    /// <summary>Runs every event due at or before <paramref name="time"/>, then moves the clock to it.</summary>
    public void RunUntil(TimeSpan time)
    {
        while (_queue.TryPeek(out _, out var key) && key.Ticks <= time.Ticks) RunNext();
        if (time > Now) Now = time;
    }
}
