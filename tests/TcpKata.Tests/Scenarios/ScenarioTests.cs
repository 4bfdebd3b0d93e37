using TcpKata.Scenarios;
using TcpKata.Testing;
using TcpKata.Tracing;
using TcpKata.Tests.Support;

namespace TcpKata.Tests.Scenarios;

/// <summary>
/// Whole-scenario traces, compared with the verified snapshots beside this file: the regression net
/// for the exercises together. See a scenario yourself: dotnet run --project cli -- trace NAME
/// </summary>
public sealed class ScenarioTests
{
    private static IEnumerable<TestCaseData> Names() => ScenarioCatalog.All.Select(s => new TestCaseData(s.Name).SetArgDisplayNames(s.Name));

    [TestCaseSource(nameof(Names))]
    public void Trace(string name)
    {
        var scenario = ScenarioCatalog.Find(name)!;
        var sim = scenario.Run(Implementation.Handlers());
        var states = string.Join(", ", sim.Hosts.SelectMany(h => h.Connections).Select(c => c.ToString()));
        Snapshot.Verify(sim.Trace.Render(), hint: $"{scenario.Description}. {scenario.Hint}\nConnections at the end: {(states.Length == 0 ? "none" : states)}",
            aroundLine: line => LadderRenderer.BusiestPair(sim.Trace) is var (left, right)
                ? $"This run as a ladder, around the first difference (line {line + 1}):\n" + LadderRenderer.Render(sim.Trace, left, right, line - 6, line + 6)
                : "");
    }
}
