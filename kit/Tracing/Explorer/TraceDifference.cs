namespace TcpKata.Tracing.Explorer;

/// <summary>Where an expected trace and a run first differ: an index into each one's events (its count when the difference
/// is that it has nothing more: after its last), and what differs, in words.</summary>
public sealed record TraceDifference(int ExpectedEvent, int ActualEvent, string What)
{
    /// <summary>The first line at which the two traces' texts differ (as a snapshot test compares them); null when they are the same.</summary>
    public static TraceDifference? Between(Trace expected, Trace actual)
    {
        var (a, b) = (Lines(expected), Lines(actual));
        var n = 0;
        while (n < a.Count && n < b.Count && a[n].Text == b[n].Text) n++;
        if (n == a.Count && n == b.Count) return null;
        var what = n >= b.Count ? $"line {n + 1}: this run ends where the expected trace goes on with \"{a[n].Text}\""
            : n >= a.Count ? $"line {n + 1}: this run goes on with \"{b[n].Text}\" where the expected trace ends"
            : $"line {n + 1}: expected \"{a[n].Text}\", this run \"{b[n].Text}\"";
        return new TraceDifference(Event(a, n, expected), Event(b, n, actual), what);
    }

    private static int Event(List<(string Text, int Event)> lines, int n, Trace trace) => n < lines.Count ? lines[n].Event : trace.Events.Count;

    // The trace's text lines (as Render writes them, without deliveries) and the event of each.
    private static List<(string Text, int Event)> Lines(Trace trace)
    {
        var text = trace.Render().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var events = trace.Events.Select((e, i) => (e, i)).Where(x => x.e.Kind != TraceKind.Delivered).Select(x => x.i).ToList();
        return text.Zip(events, (t, i) => (t, i)).ToList();
    }
}
