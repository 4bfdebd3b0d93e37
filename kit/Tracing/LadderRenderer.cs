using System.Text;

namespace TcpKata.Tracing;

/// <summary>
/// Draws part of a trace as a ladder (sequence) diagram for a terminal: one column per host, an arrow
/// per segment with its flags and relative seq/ack, state changes and timers beside their host, and
/// lost segments marked with X. The failure messages and <c>tcpkata trace</c> share this renderer.
/// </summary>
public static class LadderRenderer
{
    /// <summary>The arrow width when the caller does not fit the ladder to a terminal.</summary>
    public const int DefaultArrowWidth = 44;

    private const int SideWidth = 24;

    /// <summary>
    /// Renders the events between <paramref name="left"/> and <paramref name="right"/> whose line numbers in
    /// <see cref="Trace.Render"/> fall in [<paramref name="firstLine"/>, <paramref name="lastLine"/>], with
    /// <paramref name="arrowWidth"/> columns between the two lifelines (the CLI fits it to the terminal).
    /// </summary>
    public static string Render(Trace trace, string left, string right, int firstLine = 0, int lastLine = int.MaxValue, int arrowWidth = DefaultArrowWidth)
    {
        var sb = new StringBuilder(Heading(left, right, arrowWidth)).Append('\n');
        foreach (var row in Rows(trace, left, right))
        {
            if (row.Line < firstLine || row.Line > lastLine) continue;
            sb.Append(Format(row, left, arrowWidth)).Append('\n');
        }
        return sb.ToString();
    }

    internal static string Heading(string left, string right, int arrowWidth) =>
        new string(' ', 10) + Center(left, SideWidth) + ' ' + new string(' ', arrowWidth + 2) + ' ' + right;

    /// <summary>One row as a line of the ladder: the time, then the left host's note, the arrow, or the right host's note.</summary>
    internal static string Format(LadderRow row, string left, int arrowWidth)
    {
        var time = Trace.FormatTime(row.Time).PadLeft(10);
        if (row.IsSegment) return $"{time} {new string(' ', SideWidth)} {Arrow(row.Label, rightwards: row.From == left, row.Lost, arrowWidth)}";
        return row.Host == left
            ? $"{time} {Fit(row.Text, SideWidth).PadLeft(SideWidth)} |{new string(' ', arrowWidth)}|"
            : $"{time} {new string(' ', SideWidth)} |{new string(' ', arrowWidth)}| {row.Text}";
    }

    /// <summary>
    /// The same ladder as Mermaid's sequenceDiagram text, which GitHub renders in Markdown: an arrow per
    /// segment (a cross, <c>-x</c>, for a lost one) and a note per state change, timer or app call.
    /// </summary>
    public static string RenderMermaid(Trace trace, string left, string right)
    {
        var sb = new StringBuilder("sequenceDiagram\n");
        sb.Append("    participant ").Append(Id(left)).Append(" as ").Append(left).Append('\n');
        sb.Append("    participant ").Append(Id(right)).Append(" as ").Append(right).Append('\n');
        foreach (var row in Rows(trace, left, right, withNotes: false))
        {
            var time = Trace.FormatTime(row.Time);
            if (row.IsSegment)
                sb.Append("    ").Append(Id(row.From)).Append(row.Lost ? "-x" : "->>").Append(Id(row.To)).Append(": ")
                  .Append(time).Append(' ').Append(row.Label).Append(row.Lost ? " (lost)" : "").Append('\n');
            else
                sb.Append("    Note over ").Append(Id(row.Host)).Append(": ").Append(time).Append(' ').Append(row.Text.Replace(";", ",", StringComparison.Ordinal)).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>One row of a ladder: a segment between the two hosts, or something that happened at one of them.</summary>
    /// <remarks><c>Line</c> is the row's line number in <see cref="Trace.Render"/>; a segment row has From, To, Label and
    /// Lost; any other row has Host and Text (a state change shows only the state entered: the rows already say where it came from).</remarks>
    internal sealed record LadderRow(int Line, TimeSpan Time, bool IsSegment, string From, string To, string Label, bool Lost, string Host, string Text,
        bool IsState = false);

    /// <summary>
    /// The rows every ladder drawing shares, in order: segments between <paramref name="left"/> and
    /// <paramref name="right"/> labelled with relative numbers, then state changes, timers and app calls of
    /// either host (and, with <paramref name="withNotes"/>, the kit's notes).
    /// </summary>
    internal static IEnumerable<LadderRow> Rows(Trace trace, string left, string right, bool withNotes = true)
    {
        var lines = RenderedEvents(trace);
        var isns = new Dictionary<(Endpoint, Endpoint), SeqNum>();
        for (var i = 0; i < lines.Count; i++)
        {
            var e = lines[i];
            if (e.Kind == TraceKind.Sent && e.Segment.IsSyn) isns[(e.Segment.Source, e.Segment.Destination)] = e.Segment.Seq;
            if (e.Kind == TraceKind.Sent)
            {
                var from = trace.HostName(e.Segment.Source.Address);
                var to = trace.HostName(e.Segment.Destination.Address);
                if (!(from == left && to == right) && !(from == right && to == left)) continue;
                var lost = i + 1 < lines.Count && lines[i + 1] is { Kind: TraceKind.Dropped } d && SameSegment(d.Segment, e.Segment);
                yield return new LadderRow(i, e.Time, true, from, to, Label(e.Segment, isns), lost, from, "");
            }
            else if (e.Kind is TraceKind.State or TraceKind.Timer or TraceKind.App || (withNotes && e.Kind == TraceKind.Note))
            {
                if (e.Host != left && e.Host != right) continue;
                var text = e.NewState is { } state ? state.ToTraceName() : e.Kind == TraceKind.Timer ? "timer: " + e.Text : e.Text;
                yield return new LadderRow(i, e.Time, false, "", "", "", false, e.Host, text, IsState: e.Kind == TraceKind.State);
            }
        }
    }

    private static string Id(string host) => new(host.Select(c => char.IsLetterOrDigit(c) ? c : '_').ToArray());

    /// <summary>The events <see cref="Trace.Render"/> prints, in order: line i of the text is event i here.</summary>
    public static List<TraceEvent> RenderedEvents(Trace trace) => trace.Events.Where(e => e.Kind != TraceKind.Delivered).ToList();

    /// <summary>The two hosts that exchanged the most segments: the natural columns for a ladder (null only when the trace
    /// knows fewer than two hosts).</summary>
    public static (string Left, string Right)? BusiestPair(Trace trace)
    {
        var pair = trace.Events.Where(e => e.Kind == TraceKind.Sent)
            .Select(e => (trace.HostName(e.Segment.Source.Address), trace.HostName(e.Segment.Destination.Address)))
            .GroupBy(p => string.CompareOrdinal(p.Item1, p.Item2) < 0 ? p : (p.Item2, p.Item1))
            .OrderByDescending(g => g.Count()).FirstOrDefault();
        if (pair is null)
        {
            // No segment was sent (a run that broke off early): the hosts that did something first, then the others named.
            var hosts = trace.Events.Select(e => e.Host).Where(h => h.Length > 0).Concat(trace.HostNames).Distinct().Take(2).ToList();
            return hosts.Count == 2 ? (hosts[0], hosts[1]) : null;
        }
        // The side that sent the first SYN goes on the left, like a client in a textbook figure.
        var first = trace.Events.First(e => e.Kind == TraceKind.Sent && (trace.HostName(e.Segment.Source.Address) == pair.Key.Item1 || trace.HostName(e.Segment.Source.Address) == pair.Key.Item2));
        var opener = trace.HostName(first.Segment.Source.Address);
        return opener == pair.Key.Item1 ? pair.Key : (pair.Key.Item2, pair.Key.Item1);
    }

    private static bool SameSegment(in Segment a, in Segment b) =>
        a.Source == b.Source && a.Destination == b.Destination && a.Seq == b.Seq && a.Ack == b.Ack && a.Flags == b.Flags;

    private static string Label(in Segment s, Dictionary<(Endpoint, Endpoint), SeqNum> isns)
    {
        var seq = Relative(s.Seq, isns, s.Source, s.Destination);
        var label = $"{s.Flags.ToTcpdump()} {seq}";
        if (s.Payload.Length > 0) label += $":{seq + s.Payload.Length}";
        if (s.IsAck) label += $" ack {Relative(s.Ack, isns, s.Destination, s.Source)}";
        return label;
    }

    private static SeqNum Relative(SeqNum n, Dictionary<(Endpoint, Endpoint), SeqNum> isns, Endpoint from, Endpoint to) =>
        isns.TryGetValue((from, to), out var isn) ? new SeqNum(unchecked(n.Value - isn.Value)) : n;

    private static string Arrow(string label, bool rightwards, bool lost, int arrowWidth)
    {
        var body = $" {label} ";
        var dashes = Math.Max(2, arrowWidth - body.Length - 1);
        var lead = dashes / 2;
        var trail = dashes - lead;
        var line = rightwards
            ? new string('-', lead) + body + new string('-', trail) + ">"
            : "<" + new string('-', lead) + body + new string('-', trail);
        if (lost)
        {
            // Cut the arrow short with an X where the segment died.
            var keep = line.Length * 2 / 3;
            line = rightwards ? line[..keep] + "X" + new string(' ', line.Length - keep - 1) : new string(' ', line.Length - keep - 1) + "X" + line[^keep..];
        }
        return "|" + line + "|";
    }

    internal static string Fit(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";

    private static string Center(string text, int width) => text.Length >= width ? text : text.PadLeft((width + text.Length) / 2).PadRight(width);
}
