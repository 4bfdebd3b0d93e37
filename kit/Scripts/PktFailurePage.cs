using TcpKata.Tracing.Explorer;

namespace TcpKata.Scripts;

/// <summary>The trace explorer page of a script that failed: the script's ladder (<see cref="PktExpectedTrace"/>) beside the
/// run's, the failing line marked on both, the handler behind it named, the run's TCBs at every step.</summary>
public static class PktFailurePage
{
    /// <param name="script">the script</param>
    /// <param name="handlers">the handlers it failed with</param>
    /// <param name="options">the options it ran with</param>
    /// <param name="failure">how it failed</param>
    /// <param name="title">what failed ("ClientHandshakeScripts.Script(simultaneous-open.pkt)")</param>
    /// <param name="chinese">labels in 繁體中文 rather than English</param>
    public static string Render(PktScript script, TcpHandlers handlers, PktRunOptions options, PktFailure failure, string title, bool chinese = false)
    {
        // The run again (it is deterministic), now with its TCBs recorded.
        TcbTimeline? tcbs = null;
        var run = failure.Trace ?? new Tracing.Trace();
        try
        {
            PktRunner.Run(script, handlers, options with { Observe = s => tcbs = new TcbTimeline(s) });
        }
        catch (PktFailure again)
        {
            run = again.Trace ?? run;
        }
        var expected = new PktExpectedTrace(script, run);
        var difference = new TraceDifference(expected.EventOfLine(failure.Line), failure.Event ?? run.Events.Count,
            $"{Path.GetFileName(script.File)}:{failure.Line}: {failure.Problem}");
        return TraceExplorerPage.RenderComparison(new ExplorerRun("expected: the script", expected.Trace, ScriptLines: expected.Lines),
            new ExplorerRun("this run", run, tcbs), difference, "local", "remote", title, chinese,
            scriptedPeer: "remote");
    }
}
