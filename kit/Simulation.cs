using System.Runtime.ExceptionServices;
using TcpKata.Engine;
using TcpKata.Tracing;

namespace TcpKata;

/// <summary>
/// One deterministic world: a virtual clock and scheduler, a seeded network, TCP hosts running the
/// given handlers, and the trace of everything that happened. Same seed, same code: same trace.
/// </summary>
public sealed class Simulation : IEventTarget
{
    private readonly SimulationSynchronizationContext _context;
    private readonly List<TcpHost> _hosts = [];
    private ExceptionDispatchInfo? _appFailure;

    public Simulation(TcpHandlers handlers, ulong seed = 1, LinkOptions? link = null, TcpLimits? limits = null)
    {
        Handlers = handlers;
        Seed = seed;
        Limits = limits ?? TcpLimits.Default;
        Random = new DeterministicRandom(seed);
        Scheduler = new Scheduler();
        Trace = new Trace();
        Network = new Network(Scheduler, Random, Trace);
        if (link is not null) Network.DefaultLink = link;
        _context = new SimulationSynchronizationContext(Scheduler, Environment.CurrentManagedThreadId);
    }

    public ulong Seed { get; }
    public TcpHandlers Handlers { get; }
    public TcpLimits Limits { get; }
    public DeterministicRandom Random { get; }
    public Scheduler Scheduler { get; }
    public Network Network { get; }
    public Trace Trace { get; }
    public TimeSpan Now => Scheduler.Now;
    public IReadOnlyList<TcpHost> Hosts => _hosts;

    /// <summary>Stops a run that goes on too long in virtual time (a handler that keeps retransmitting forever).</summary>
    public TimeSpan TimeLimit { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Adds a host. Addresses default to 10.0.0.1, 10.0.0.2, ... in the order hosts are added.</summary>
    public TcpHost AddHost(string name, string? address = null, IIsnGenerator? isn = null)
    {
        var addr = address is null ? Endpoint.ParseAddress("10.0.0.0") + (uint)_hosts.Count + 1 : Endpoint.ParseAddress(address);
        var host = new TcpHost(this, name, addr)
        {
            // Each host gets its own key, drawn from the seed: reproducible, and not guessable from the other host's ISNs.
            IsnGenerator = isn ?? new Rfc6528IsnGenerator(Random.NextUInt64()),
        };
        Network.Attach(host);
        _hosts.Add(host);
        return host;
    }

    public TcpHost Host(string name) =>
        _hosts.FirstOrDefault(h => h.Name == name) ?? throw new ArgumentException($"no host named \"{name}\"", nameof(name));

    /// <summary>Runs an app inside the simulation, starting now. Its awaits resume on the simulation's clock;
    /// an exception it does not catch stops the run and is rethrown by Run.</summary>
    public Task Start(Func<Task> app)
    {
        var started = new TaskCompletionSource<Task>();
        Scheduler.Schedule(TimeSpan.Zero, this, state: (Action)(() => started.SetResult(Watch(app))));
        return started.Task.Unwrap();
    }

    private async Task Watch(Func<Task> app)
    {
        try
        {
            await app();
        }
        catch (Exception e)
        {
            _appFailure ??= ExceptionDispatchInfo.Capture(e);
            throw;
        }
    }

    /// <summary>An app's sleep on the virtual clock (never Task.Delay, which waits on the wall clock and another thread).</summary>
    public Task Delay(TimeSpan duration)
    {
        var elapsed = new TaskCompletionSource();
        Scheduler.Schedule(duration, this, state: (Action)elapsed.SetResult);
        return elapsed.Task;
    }

    /// <summary>Runs <paramref name="action"/> as its own event at the current time (how the kit completes app tasks).</summary>
    internal void Defer(Action action) => Scheduler.Schedule(TimeSpan.Zero, this, state: action);

    void IEventTarget.OnEvent(in ScheduledEvent e) => ((Action)e.State!)();

    /// <summary>Runs until nothing is left to do (or the time limit).</summary>
    public void Run() => RunWhile(() => true, "the run");

    /// <summary>Runs every event up to <paramref name="time"/>, then moves the clock there.</summary>
    public void RunUntil(TimeSpan time)
    {
        RunWhile(() => Scheduler.NextEventTime is { } next && next <= time, "the run");
        Scheduler.RunUntil(time);
    }

    public void RunFor(TimeSpan duration) => RunUntil(Now + duration);

    /// <summary>Runs events until <paramref name="done"/> is true; fails if the simulation runs dry first.</summary>
    public void RunUntil(Func<bool> done, string what)
    {
        RunWhile(() => !done(), what);
        if (!done())
            throw new InvalidOperationException($"{what} would wait forever: nothing else is scheduled in the simulation at {Trace.FormatTime(Now)}s.");
    }

    /// <summary>Runs events due by <paramref name="deadline"/> until <paramref name="done"/> is true. Returns whether it is.</summary>
    public bool RunUntil(Func<bool> done, TimeSpan deadline)
    {
        RunWhile(() => !done() && Scheduler.NextEventTime is { } next && next <= deadline, "the run");
        return done();
    }

    private void RunWhile(Func<bool> keepGoing, string what)
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(_context);
        try
        {
            while (keepGoing() && Scheduler.NextEventTime is { } next)
            {
                if (next > TimeLimit)
                    throw new SimulationTimeLimitException($"{what} passed the simulation's time limit of {TimeLimit.TotalSeconds} s: is something retransmitting forever?");
                Scheduler.RunNext();
                ThrowIfAppFailed();
            }
            ThrowIfAppFailed();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    private void ThrowIfAppFailed()
    {
        _appFailure?.Throw();
        if (_context.ForeignPostError is { } error) throw new InvalidOperationException(error);
    }

    /// <summary>What a blocking socket call does: run the clock until the operation completes.</summary>
    internal T Block<T>(Task<T> task, string call)
    {
        Block((Task)task, call);
        return task.GetAwaiter().GetResult();
    }

    internal void Block(Task task, string call)
    {
        if (Scheduler.IsRunningEvent)
            throw new InvalidOperationException(
                $"{call} blocks, and a blocking call cannot run inside the simulation (in a handler or an app started with Start). Use {call}Async and await it.");
        RunUntil(() => task.IsCompleted, call);
        task.GetAwaiter().GetResult();
    }
}

/// <summary>A run went on past <see cref="Simulation.TimeLimit"/> of virtual time: usually a timer that never stops (a
/// retransmission without a retry limit).</summary>
public sealed class SimulationTimeLimitException(string message) : InvalidOperationException(message);
