using System.Text;

namespace TcpKata.Tracing;

/// <summary>
/// Two ladders of one exchange (the same script played by the kit and by Linux) held against each other: the first
/// segment in which they differ, and both drawn side by side with each segment level with its counterpart.
/// </summary>
public static class LadderComparison
{
    private const int ArrowWidth = 26;

    /// <summary>A segment as the ladder labels it ("S. 0 ack 1", relative numbers) and which way it went.</summary>
    public sealed record LadderSegment(TimeSpan Time, string From, string Label);

    public static List<LadderSegment> Segments(Trace trace, string left, string right) =>
        LadderRenderer.Rows(trace, left, right).Where(r => r.IsSegment).Select(r => new LadderSegment(r.Time, r.From, r.Label)).ToList();

    /// <summary>The index of the first segment that differs in direction, flags or relative numbers (or that only one
    /// ladder has); null when the two carry the same segments in the same order (times aside).</summary>
    public static int? FirstDifference(Trace a, Trace b, string left, string right)
    {
        var (x, y) = (Segments(a, left, right), Segments(b, left, right));
        for (var i = 0; i < Math.Max(x.Count, y.Count); i++)
            if (i >= x.Count || i >= y.Count || x[i].From != y[i].From || x[i].Label != y[i].Label) return i;
        return null;
    }

    /// <summary>The two ladders in two columns, segment level with segment; the rows of segment <paramref name="marked"/>
    /// (counted from 0) start with "≠".</summary>
    public static string RenderSideBySide(Trace a, string titleA, Trace b, string titleB, string left, string right, int? marked)
    {
        var (ga, gb) = (Groups(a, left, right), Groups(b, left, right));
        var width = 10 + 1 + 24 + 1 + ArrowWidth + 2 + 12;
        var sb = new StringBuilder();
        sb.Append("  ").Append(titleA.PadRight(width)).Append("   ").Append(titleB).Append('\n');
        sb.Append("  ").Append(Cut(LadderRenderer.Heading(left, right, ArrowWidth), width).PadRight(width)).Append(" │ ")
          .Append(LadderRenderer.Heading(left, right, ArrowWidth)).Append('\n');
        for (var i = 0; i < Math.Max(ga.Count, gb.Count); i++)
        {
            var (ra, rb) = (i < ga.Count ? ga[i] : [], i < gb.Count ? gb[i] : []);
            var height = Math.Max(ra.Count, rb.Count);
            // The segment is each group's last row: pad above it, so that the two segments stay level.
            var (pa, pb) = (Pad(ra, height), Pad(rb, height));
            for (var row = 0; row < height; row++)
            {
                var mark = i == marked && row == height - 1 ? "≠ " : "  ";
                sb.Append(mark).Append(Cut(pa[row], width).PadRight(width)).Append(" │ ").Append(pb[row]).Append('\n');
            }
        }
        return sb.ToString();
    }

    // The rows in groups that each end with a segment (the last group may hold none).
    private static List<List<(string Text, bool IsSegment)>> Groups(Trace trace, string left, string right)
    {
        var groups = new List<List<(string, bool)>> { new() };
        foreach (var row in LadderRenderer.Rows(trace, left, right))
        {
            groups[^1].Add((LadderRenderer.Format(row, left, ArrowWidth), row.IsSegment));
            if (row.IsSegment) groups.Add([]);
        }
        if (groups[^1].Count == 0) groups.RemoveAt(groups.Count - 1);
        return groups;
    }

    // A group padded to a height, blank rows above its segment (or below its notes when it has none).
    private static List<string> Pad(List<(string Text, bool IsSegment)> rows, int height)
    {
        var padding = Enumerable.Repeat("", height - rows.Count);
        var texts = rows.Select(r => r.Text).ToList();
        return rows is [.., (_, true)] ? [.. texts[..^1], .. padding, texts[^1]] : [.. texts, .. padding];
    }

    private static string Cut(string text, int width) => text.Length <= width ? text : LadderRenderer.Fit(text, width);
}
