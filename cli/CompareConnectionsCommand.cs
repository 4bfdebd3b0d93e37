using System.CommandLine;
using TcpKata.Scenarios;

namespace TcpKata.Cli;

/// <summary><c>tcpkata compare-connections</c>: exercise 07's workload, short vs long, as a table and a chart.</summary>
internal static class CompareConnectionsCommand
{
    /// <param name="clients">the two clients to compare (the student's RequestClient, unless a test says otherwise)</param>
    public static Command Create((Func<TcpHost, string, int, int, Task<int>> Short, Func<TcpHost, string, int, int, Task<int>> Long)? clients = null)
    {
        var requests = new Option<int>("--requests") { Description = "how many request/response exchanges", DefaultValueFactory = _ => 100 };
        var chart = new Option<FileInfo?>("--chart") { Description = "write the comparison as an SVG chart to this file: a panel per measure, each on its own scale" };
        var lang = Language.Create();
        var command = new Command("compare-connections",
            "Run the same request/response workload with one connection per request (short) and one connection kept open (long), with your RequestClient, and compare segments, header bytes, handshakes, time and TIME_WAIT.")
        {
            requests, chart, lang,
        };
        command.SetAction(parsed =>
        {
            var output = parsed.InvocationConfiguration.Output;
            var error = parsed.InvocationConfiguration.Error;
            if (!Language.Valid(parsed.GetValue(lang), error)) return Cli.Usage;
            var n = parsed.GetValue(requests);
            if (n < 1)
            {
                error.WriteLine("tcpkata: --requests must be at least 1");
                return Cli.Usage;
            }
            ConnectionMetrics shortMode, longMode;
            var running = "RunShortAsync";
            try
            {
                var client = new global::TcpKata.Exercises.RequestClient();
                var (runShort, runLong) = clients ?? (client.RunShortAsync, client.RunLongAsync);
                shortMode = ConnectionComparison.Measure("short", Cli.Handlers(), n, runShort);
                running = "RunLongAsync";
                longMode = ConnectionComparison.Measure("long", Cli.Handlers(), n, runLong);
            }
            catch (Exception e) when (e is NotImplementedYetException or HandlerContractException or SimulationTimeLimitException)
            {
                error.WriteLine(e.Message);
                return Cli.Failed;
            }
            catch (System.Net.Sockets.SocketException e)
            {
                // The student's client let a socket error escape: say which run, and what the socket said.
                error.WriteLine($"tcpkata: RequestClient.{running} failed: a socket call threw {e.SocketErrorCode} ({e.Message}); " +
                                "dotnet test --filter ShortVsLong shows where");
                return Cli.Failed;
            }
            output.Write(ConnectionComparison.Table(shortMode, longMode));
            if (parsed.GetValue(chart) is { } file)
            {
                try
                {
                    File.WriteAllText(file.FullName, ConnectionChart.Svg(shortMode, longMode, Language.IsChinese(parsed.GetValue(lang))));
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
}
