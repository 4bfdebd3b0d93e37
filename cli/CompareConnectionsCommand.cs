using System.CommandLine;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;
using TcpKata.Scenarios;

namespace TcpKata.Cli;

/// <summary><c>tcpkata compare-connections</c>: exercise 07's workload, short vs long, as a table and a chart.</summary>
internal static class CompareConnectionsCommand
{
    public static Command Create()
    {
        var requests = new Option<int>("--requests") { Description = "how many request/response exchanges", DefaultValueFactory = _ => 100 };
        var chart = new Option<FileInfo?>("--chart") { Description = "write the comparison as an SVG chart to this file" };
        var command = new Command("compare-connections",
            "Run the same request/response workload with one connection per request (short) and one connection kept open (long), with your RequestClient, and compare segments, header bytes, handshakes, time and TIME_WAIT.")
        {
            requests, chart,
        };
        command.SetAction(parsed =>
        {
            var output = parsed.InvocationConfiguration.Output;
            var error = parsed.InvocationConfiguration.Error;
            var n = parsed.GetValue(requests);
            if (n < 1)
            {
                error.WriteLine("tcpkata: --requests must be at least 1");
                return Cli.Usage;
            }
            ConnectionMetrics shortMode, longMode;
            try
            {
                var client = new global::TcpKata.Exercises.RequestClient();
                shortMode = ConnectionComparison.Measure("short", Cli.Handlers(), n, client.RunShortAsync);
                longMode = ConnectionComparison.Measure("long", Cli.Handlers(), n, client.RunLongAsync);
            }
            catch (NotImplementedYetException e)
            {
                error.WriteLine(e.Message);
                return Cli.Failed;
            }
            output.Write(ConnectionComparison.Table(shortMode, longMode));
            if (parsed.GetValue(chart) is { } file)
            {
                try
                {
                    File.WriteAllText(file.FullName, Chart(shortMode, longMode));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    error.WriteLine($"tcpkata: cannot write {file.FullName}: {e.Message}");
                    return Cli.Usage;
                }
                output.WriteLine($"chart written to {Path.GetRelativePath(Environment.CurrentDirectory, file.FullName)}");
            }
            return Cli.Ok;
        });
        return command;
    }

    /// <summary>One bar pair per table row, on a logarithmic axis (the rows differ by orders of magnitude), each labelled with its value.</summary>
    internal static string Chart(ConnectionMetrics shortMode, ConnectionMetrics longMode)
    {
        var rows = ConnectionComparison.Rows(shortMode, longMode).Where(r => r.ShortValue > 0 && r.LongValue > 0).ToList();
        var model = new PlotModel
        {
            Title = $"{shortMode.Requests} requests: short vs long connections",
            Background = OxyColors.White,
            // SVG export measures text only roughly: fixed margins keep the labels inside the picture.
            Subtitle = "orange: short, one connection per request; blue: long, one connection kept open",
            PlotMargins = new OxyThickness(180, 70, 40, 60),
            Padding = new OxyThickness(8, 24, 8, 8),
        };
        var categories = new CategoryAxis { Position = AxisPosition.Left, Key = "metrics" };
        categories.Labels.AddRange(rows.Select(r => r.Metric));
        model.Axes.Add(categories);
        var largest = rows.Max(r => Math.Max(r.ShortValue, r.LongValue));
        model.Axes.Add(new LogarithmicAxis { Position = AxisPosition.Bottom, Title = "value (log scale)", Minimum = 0.5, Maximum = largest * 8 });
        // Each bar is labelled with its mode and value: OxyPlot's SVG legend is laid out with rough text metrics.
        BarSeries Series(string mode, OxyColor color, Func<(string Metric, string Short, string Long, double ShortValue, double LongValue), double> value)
        {
            var series = new BarSeries { FillColor = color, LabelFormatString = mode + " {0}", LabelPlacement = LabelPlacement.Outside, BaseValue = 0.5 };
            series.Items.AddRange(rows.Select(r => new BarItem(value(r))));
            return series;
        }
        model.Series.Add(Series("short", OxyColor.FromRgb(0xD5, 0x5E, 0x00), r => r.ShortValue));
        model.Series.Add(Series("long", OxyColor.FromRgb(0x00, 0x72, 0xB2), r => r.LongValue));
        return SvgExporter.ExportToString(model, 900, 520, isDocument: true);
    }
}
