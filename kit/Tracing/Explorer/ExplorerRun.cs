namespace TcpKata.Tracing.Explorer;

/// <summary>One side of a failure page: a trace, what to call it, and what else is known of it.</summary>
/// <param name="Title">"this run", "ScenarioTests.Trace_close.verified.txt", "the script"</param>
/// <param name="Trace">the trace</param>
/// <param name="Tcbs">its TCBs as it went, when it was a run</param>
/// <param name="ScriptLines">the script line of each event, when it is a script's (<see cref="Scripts.PktExpectedTrace"/>)</param>
public sealed record ExplorerRun(string Title, Trace Trace, TcbTimeline? Tcbs = null, IReadOnlyList<int>? ScriptLines = null);
