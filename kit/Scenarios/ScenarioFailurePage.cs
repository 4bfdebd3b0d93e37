using TcpKata.Tracing;
using TcpKata.Tracing.Explorer;

namespace TcpKata.Scenarios;

/// <summary>The trace explorer page of a scenario whose trace is not the verified one: the verified trace beside this run's
/// (up to where it broke off, when an app's call failed), the first different line marked on both, the handler behind it
/// named, the run's TCBs at every step.</summary>
public static class ScenarioFailurePage
{
    /// <param name="scenario">the scenario</param>
    /// <param name="handlers">the handlers it ran with</param>
    /// <param name="verified">the verified trace's text (null when there is none yet)</param>
    /// <param name="verifiedName">its file, for the title and for errors in it</param>
    /// <param name="title">what failed ("ScenarioTests.Trace(close)")</param>
    /// <param name="chinese">labels in 繁體中文 rather than English</param>
    /// <param name="seed">the seed it ran with</param>
    public static string Render(Scenario scenario, TcpHandlers handlers, string? verified, string verifiedName, string title, bool chinese = false, ulong seed = 1)
    {
        // The run again (the same seed gives the same trace), now with its TCBs recorded; a run that broke off is shown up to there.
        TcbTimeline? tcbs = null;
        var (sim, brokeOff) = scenario.RunToTheEndOrBreak(handlers, seed, observe: s => tcbs = new TcbTimeline(s));
        var run = sim.Trace;
        var expected = verified is null ? new Trace() : TraceText.Parse(verified, verifiedName);
        var (left, right) = LadderRenderer.BusiestPair(expected) ?? LadderRenderer.BusiestPair(run) ?? ("client", "server");
        var difference = TraceDifference.Between(expected, run)
                         ?? new TraceDifference(0, 0, $"the same trace: {verifiedName} differs only in its line endings or its last newline");
        return TraceExplorerPage.RenderComparison(new ExplorerRun($"expected: {verifiedName}", expected), new ExplorerRun("this run", run, tcbs), difference,
            left, right, title, chinese, brokeOff: brokeOff);
    }
}
