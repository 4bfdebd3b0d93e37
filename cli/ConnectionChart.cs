using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;
using TcpKata.Scenarios;

namespace TcpKata.Cli;

/// <summary>
/// Exercise 07's comparison as small multiples: one panel per measure (segments, header bytes, handshakes, time, round trips,
/// TIME_WAIT), each on its own linear scale from zero, its two bars labelled with their values past the bar's end, and the
/// short/long ratio in its title. OxyPlot draws each panel (in Arial, whose metrics OxyPlot knows, so a label is placed
/// where it really fits); the panels are laid out in one SVG picture.
/// </summary>
internal static partial class ConnectionChart
{
    private const int Columns = 3, PanelWidth = 300, PanelHeight = 190, TitleHeight = 36, Top = 56;

    public static string Svg(ConnectionMetrics shortMode, ConnectionMetrics longMode, bool chinese = false)
    {
        var rows = ConnectionComparison.Rows(shortMode, longMode).Skip(1).ToList(); // "requests answered" goes in the heading
        var (width, height) = (Columns * PanelWidth, Top + (rows.Count + Columns - 1) / Columns * PanelHeight);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""<?xml version="1.0" encoding="utf-8"?>""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" version="1.1" xmlns="http://www.w3.org/2000/svg">""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<rect x="0" y="0" width="{width}" height="{height}" fill="white" />""").Append('\n');
        var heading = chinese
            ? $"{shortMode.Requests} 個請求：短連線（每個請求一條連線）對長連線（一條連線一直開着）；兩者都答了 {shortMode.ResponsesReceived}/{shortMode.Requests} 和 {longMode.ResponsesReceived}/{longMode.Requests}"
            : $"{shortMode.Requests} {(shortMode.Requests == 1 ? "request" : "requests")}: short (a connection per request) vs long (one connection kept open); answered {shortMode.ResponsesReceived}/{shortMode.Requests} and {longMode.ResponsesReceived}/{longMode.Requests}";
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{width / 2}" y="24" text-anchor="middle" font-family="Arial" font-size="15" font-weight="700">{System.Net.WebUtility.HtmlEncode(heading)}</text>""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{width / 2}" y="44" text-anchor="middle" font-family="Arial" font-size="12">{(chinese ? "每格一項量度，各有自己的刻度，由零開始" : "each measure on its own scale, from zero")}</text>""").Append('\n');
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var (x, y) = (i % Columns * PanelWidth, Top + i / Columns * PanelHeight);
            // The panel's title is laid out here (OxyPlot places a subtitle by a rough guess of the title's height).
            var name = chinese ? Chinese.GetValueOrDefault(row.Metric, row.Metric) : row.Metric;
            var ratio = row.LongValue > 0 ? $"{(chinese ? "短 / 長" : "short / long")} = {(row.ShortValue / row.LongValue).ToString("0.##", CultureInfo.InvariantCulture)}×" : "";
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{x + PanelWidth / 2}" y="{y + 14}" text-anchor="middle" font-family="Arial" font-size="13" font-weight="700">{System.Net.WebUtility.HtmlEncode(name)}</text>""").Append('\n');
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{x + PanelWidth / 2}" y="{y + 30}" text-anchor="middle" font-family="Arial" font-size="11">{ratio}</text>""").Append('\n');
            // The bars are a nested picture below it; its clip paths get ids of their own, the panels share one document.
            var inner = ClipId().Replace(XmlHeader().Replace(SvgExporter.ExportToString(Bars(row, chinese), PanelWidth, PanelHeight - TitleHeight, isDocument: false), ""),
                $"panel{i}-clipPath");
            svg.Append(SvgOpen().Replace(inner, $"""<svg x="{x}" y="{y + TitleHeight}" class="panel" data-measure="{row.Metric}" """, 1)).Append('\n');
        }
        return svg.Append("</svg>\n").ToString();
    }

    private static PlotModel Bars((string Metric, string Short, string Long, double ShortValue, double LongValue) row, bool chinese)
    {
        var model = new PlotModel
        {
            DefaultFont = "Arial",
            Culture = CultureInfo.InvariantCulture,
            Background = OxyColors.White,
            Padding = new OxyThickness(8, 6, 14, 6),
            // OxyPlot measures Arial's Latin letters, not CJK ones: the mode names get the room they need.
            PlotMargins = new OxyThickness(chinese ? 60 : 44, double.NaN, double.NaN, double.NaN),
        };
        // short on top, as in the table
        var modes = new CategoryAxis { Position = AxisPosition.Left, StartPosition = 1, EndPosition = 0, IsZoomEnabled = false, IsPanEnabled = false };
        modes.Labels.AddRange(chinese ? ["短連線", "長連線"] : ["short", "long"]);
        model.Axes.Add(modes);
        // Room past the longer bar for its label: a third of the scale again.
        var largest = Math.Max(row.ShortValue, row.LongValue);
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Minimum = 0, Maximum = largest > 0 ? largest * 1.35 : 1, MinimumPadding = 0, IsZoomEnabled = false });
        // The table's number format: a value reads the same in both.
        var bars = new BarSeries { LabelPlacement = LabelPlacement.Outside, LabelFormatString = "{0:0.###}", LabelMargin = 6 };
        bars.Items.Add(new BarItem(row.ShortValue) { Color = OxyColor.FromRgb(0xD5, 0x5E, 0x00) });
        bars.Items.Add(new BarItem(row.LongValue) { Color = OxyColor.FromRgb(0x00, 0x72, 0xB2) });
        model.Series.Add(bars);
        return model;
    }

    // docs/glossary.zh-Hant.md's words.
    private static readonly Dictionary<string, string> Chinese = new()
    {
        ["segments"] = "分段", ["header bytes"] = "標頭位元組", ["handshakes"] = "握手", ["completion (s)"] = "完成時間（秒）",
        ["round trips"] = "往返次數", ["peak TIME_WAIT (client)"] = "TIME_WAIT 最高數目（客戶端）",
    };

    [GeneratedRegex(@"^<\?xml[^>]*\?>\s*")]
    private static partial Regex XmlHeader();

    [GeneratedRegex(@"(?<=id=""|url\(#)clipPath")]
    private static partial Regex ClipId();

    [GeneratedRegex(@"^<svg ")]
    private static partial Regex SvgOpen();
}
