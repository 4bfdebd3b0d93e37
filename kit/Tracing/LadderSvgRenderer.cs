using System.Globalization;
using System.Net;
using System.Text;

namespace TcpKata.Tracing;

/// <summary>
/// The ladder diagram as an SVG picture for a report: a lifeline per host, one row per event, segments
/// as sloped arrows from send time to arrival (or to a cross where they were lost), state changes,
/// timers and app calls as labels beside their host.
/// </summary>
public static class LadderSvgRenderer
{
    private const int Width = 1120, Left = 400, Right = 760, Top = 60, Row = 22;

    public static string Render(Trace trace, string left, string right)
    {
        var body = new StringBuilder();
        var row = 0;
        foreach (var r in LadderRenderer.Rows(trace, left, right, withNotes: false))
        {
            var y = Top + row * Row;
            if (r.IsSegment)
            {
                var (x1, x2) = r.From == left ? (Left, Right) : (Right, Left);
                var xEnd = r.Lost ? x1 + (x2 - x1) * 2 / 3 : x2;
                var color = r.Lost ? "#c0392b" : "#1f4e79";
                body.Append(Invariant($"  <line x1=\"{x1}\" y1=\"{y}\" x2=\"{xEnd}\" y2=\"{y + Row - 6}\" stroke=\"{color}\" stroke-width=\"1.5\"{(r.Lost ? "" : " marker-end=\"url(#arrow)\"")} />\n"));
                if (r.Lost) body.Append(Invariant($"  <text x=\"{xEnd - 5}\" y=\"{y + Row - 2}\" fill=\"{color}\" font-weight=\"bold\">×</text>\n"));
                body.Append(Invariant($"  <text x=\"{(Left + Right) / 2}\" y=\"{y + 6}\" text-anchor=\"middle\" fill=\"{color}\">{Escape(r.Label)}{(r.Lost ? " (lost)" : "")}</text>\n"));
            }
            else
            {
                var (x, anchor) = r.Host == left ? (Left - 8, "end") : (Right + 8, "start");
                var weight = r.IsState ? " font-weight=\"bold\"" : "";
                body.Append(Invariant($"  <text x=\"{x}\" y=\"{y + 12}\" text-anchor=\"{anchor}\"{weight}>{Escape(Clip(r.Text, r.Host == left ? 38 : 48))}</text>\n"));
            }
            body.Append(Invariant($"  <text x=\"8\" y=\"{y + 12}\" fill=\"#777\">{Trace.FormatTime(r.Time)}</text>\n"));
            row++;
        }
        var height = Top + row * Row + 30;
        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{height}\" font-family=\"monospace\" font-size=\"12\">\n"));
        svg.Append("  <defs><marker id=\"arrow\" markerWidth=\"8\" markerHeight=\"8\" refX=\"7\" refY=\"3\" orient=\"auto\"><path d=\"M0,0 L7,3 L0,6 z\" fill=\"#1f4e79\" /></marker></defs>\n");
        svg.Append(Invariant($"  <rect width=\"{Width}\" height=\"{height}\" fill=\"white\" />\n"));
        foreach (var (x, name) in new[] { (Left, left), (Right, right) })
        {
            svg.Append(Invariant($"  <text x=\"{x}\" y=\"{Top - 20}\" text-anchor=\"middle\" font-weight=\"bold\" font-size=\"14\">{Escape(name)}</text>\n"));
            svg.Append(Invariant($"  <line x1=\"{x}\" y1=\"{Top - 10}\" x2=\"{x}\" y2=\"{height - 20}\" stroke=\"#999\" />\n"));
        }
        svg.Append(body).Append("</svg>\n");
        return svg.ToString();
    }

    private static string Clip(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";

    private static string Escape(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
