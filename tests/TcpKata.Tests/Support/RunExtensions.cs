using TcpKata.Scripts;

namespace TcpKata.Tests.Support;

public static class RunExtensions
{
    /// <summary>The local host's only connection (a script's socket under test).</summary>
    public static Connection Connection(this PktRunResult run)
    {
        var connections = run.Simulation.Host("local").Connections.ToList();
        Assert.That(connections, Has.Count.EqualTo(1),
            "expected exactly one connection on the local host\n" + run.Simulation.Trace.Render());
        return connections[0];
    }

    public static IReadOnlyCollection<Connection> Connections(this PktRunResult run) => run.Simulation.Host("local").Connections;

    /// <summary>Every segment the local host (the side under test) put on the wire, in order.</summary>
    public static IEnumerable<Segment> SentByLocal(this PktRunResult run) =>
        run.Simulation.Trace.Events.Where(e => e.Kind == Tracing.TraceKind.Sent && e.Host == "local").Select(e => e.Segment);
}
