using System.Runtime.CompilerServices;
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
        Simulation? sim = null;
        try
        {
            scenario.Run(Implementation.Handlers(), observe: s => sim = s);
        }
        catch (Exception e) when (e is not NotImplementedYetException && sim is not null)
        {
            // An app's call failed or a handler broke its contract: the run broke off, and its trace up to there is what to see.
            var paths = Snapshot.PathsFor(ThisFile());
            var verified = File.Exists(paths.Verified) ? File.ReadAllText(paths.Verified) : null;
            var page = FailurePage.Write(paths.Verified[..^".verified.txt".Length], () => Page(scenario, verified));
            Assert.Fail($"{e.GetType().Name}: {e.Message}\nThe run broke off there. {scenario.Description}. {scenario.Hint}\n{page}");
        }
        var states = string.Join(", ", sim!.Hosts.SelectMany(h => h.Connections).Select(c => c.ToString()));
        Snapshot.Verify(sim.Trace.Render(), hint: $"{scenario.Description}. {scenario.Hint}\nConnections at the end: {(states.Length == 0 ? "none" : states)}",
            aroundLine: line => LadderRenderer.BusiestPair(sim.Trace) is var (left, right)
                ? $"This run as a ladder, around the first difference (line {line + 1}):\n" + LadderRenderer.Render(sim.Trace, left, right, line - 6, line + 6)
                : "",
            failurePage: verified => Page(scenario, verified));
    }

    private static string Page(Scenario scenario, string? verified) =>
        ScenarioFailurePage.Render(scenario, Implementation.Handlers(), verified, $"ScenarioTests.Trace_{scenario.Name}.verified.txt",
            $"ScenarioTests.Trace({scenario.Name})", FailurePage.Chinese);

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
