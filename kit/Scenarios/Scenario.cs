using TcpKata.Engine;

namespace TcpKata.Scenarios;

/// <summary>
/// A named, reproducible situation: hosts, apps, link and faults. The snapshot tests, the
/// <c>tcpkata trace</c> command and the benchmarks all run the same scenarios.
/// </summary>
public sealed record Scenario(string Name, string Description, string Hint, Action<Simulation> Setup)
{
    public LinkOptions Link { get; init; } = LinkOptions.Lan;
    public IReadOnlyList<string> Faults { get; init; } = [];

    /// <summary>The TCP the hosts run: the RFC profile's, unless the run picks another (<see cref="On"/>).</summary>
    public TcpLimits Limits { get; init; } = TcpLimits.Default;

    /// <summary>What the scenario's own apps and hosts chose (a port range, keep-alive times, a delayed ACK: what setsockopt or a
    /// sysctl would set), applied on top of <see cref="Limits"/> whichever profile runs it.</summary>
    public Func<TcpLimits, TcpLimits> Settings { get; init; } = limits => limits;

    /// <summary>The same scenario on another profile's TCP; its own <see cref="Settings"/> stay.</summary>
    public Scenario On(TcpProfile profile) => this with { Limits = profile.Limits };

    /// <summary>When set, the link depends on the seed (chaos scenarios draw their impairments from it).</summary>
    public Func<ulong, LinkOptions>? LinkForSeed { get; init; }

    /// <summary>Builds the world, runs it until nothing is left to do, and returns it for inspection. <paramref name="observe"/>
    /// sees the simulation before anything happens in it (the trace explorer's TCB recorder attaches there).</summary>
    public Simulation Run(TcpHandlers handlers, ulong seed = 1, IEnumerable<Fault>? extraFaults = null, bool trace = true, Action<Simulation>? observe = null)
    {
        var sim = new Simulation(handlers, seed, LinkForSeed?.Invoke(seed) ?? Link, Settings(Limits));
        sim.Trace.Enabled = trace;
        observe?.Invoke(sim);
        foreach (var fault in Faults) sim.Network.AddFault(Fault.Parse(fault));
        foreach (var fault in extraFaults ?? []) sim.Network.AddFault(fault);
        Setup(sim);
        sim.Run();
        return sim;
    }

    /// <summary>
    /// As <see cref="Run"/>, but a run that broke off (a stub, a handler contract, a handler that threw, a runaway timer) is
    /// returned up to there with why it stopped, rather than thrown: what ran is still there to see.
    /// </summary>
    public (Simulation Simulation, string? BrokeOff) RunToTheEndOrBreak(TcpHandlers handlers, ulong seed = 1, IEnumerable<Fault>? extraFaults = null,
        Action<Simulation>? observe = null)
    {
        Simulation? sim = null;
        try
        {
            Run(handlers, seed, extraFaults, observe: s =>
            {
                sim = s;
                observe?.Invoke(s);
            });
            return (sim!, null);
        }
        catch (Exception e) when (sim is not null)
        {
            // The kit's own failures explain themselves; anything else (a handler's NullReferenceException) keeps its stack
            // trace, which names the file and line.
            return (sim, e switch
            {
                NotImplementedYetException or HandlerContractException or SimulationTimeLimitException => e.Message,
                System.Net.Sockets.SocketException socket => $"an app's socket call failed: {socket.SocketErrorCode} ({socket.Message})",
                _ => e.ToString(),
            });
        }
    }
}
