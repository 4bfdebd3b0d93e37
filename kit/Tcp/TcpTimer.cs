using TcpKata.Engine;

namespace TcpKata;

/// <summary>
/// A restartable one-shot timer on the virtual clock. Stopping or restarting bumps a generation
/// number instead of removing the old event from the queue; a stale event is ignored when it fires.
/// </summary>
public sealed class TcpTimer : IEventTarget
{
    private readonly Scheduler _scheduler;
    private readonly Action _onFire;
    private long _generation;

    public TcpTimer(Scheduler scheduler, Action onFire)
    {
        _scheduler = scheduler;
        _onFire = onFire;
    }

    public bool IsRunning { get; private set; }

    /// <summary>When it will fire, if running.</summary>
    public TimeSpan Deadline { get; private set; }

    public void Start(TimeSpan after)
    {
        _generation++;
        IsRunning = true;
        Deadline = _scheduler.Now + after;
        _scheduler.Schedule(after, this, token: _generation);
    }

    public void Stop()
    {
        _generation++;
        IsRunning = false;
    }

    void IEventTarget.OnEvent(in ScheduledEvent e)
    {
        if (e.Token != _generation) return;
        IsRunning = false;
        _onFire();
    }
}
