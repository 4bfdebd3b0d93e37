namespace TcpKata.Engine;

/// <summary>
/// Runs awaited continuations of app code as scheduler events at the current virtual time, so
/// <c>await socket.ReceiveAsync(...)</c> resumes deterministically on the simulation's one thread.
/// A continuation posted from another thread (Task.Delay, Task.Run, a real socket) would make the
/// run depend on the OS scheduler; it is refused with an explanation instead.
/// </summary>
internal sealed class SimulationSynchronizationContext : SynchronizationContext, IEventTarget
{
    private readonly Scheduler _scheduler;
    private readonly int _threadId;

    public SimulationSynchronizationContext(Scheduler scheduler, int threadId)
    {
        _scheduler = scheduler;
        _threadId = threadId;
    }

    /// <summary>Set when app code awaited something that completed outside the simulation.</summary>
    public string? ForeignPostError { get; private set; }

    public override void Post(SendOrPostCallback d, object? state)
    {
        if (Environment.CurrentManagedThreadId != _threadId)
        {
            ForeignPostError ??= "app code awaited something that completed on another thread (Task.Delay, Task.Run, a real socket or timer). " +
                                 "Inside TcpKata only the kit's own awaitables keep a run deterministic.";
            return;
        }
        _scheduler.Schedule(TimeSpan.Zero, this, state: new PostedCallback(d, state));
    }

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("Synchronous Send is not supported by the simulation's synchronization context.");

    public override SynchronizationContext CreateCopy() => this;

    public void OnEvent(in ScheduledEvent e)
    {
        var posted = (PostedCallback)e.State!;
        posted.Callback(posted.State);
    }

    private sealed record PostedCallback(SendOrPostCallback Callback, object? State);
}
