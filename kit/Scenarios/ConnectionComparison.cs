using TcpKata.Engine;
using TcpKata.Tracing;

namespace TcpKata.Scenarios;

/// <summary>What one way of running the request/response workload cost, read off its trace.</summary>
public sealed record ConnectionMetrics(
    string Mode,
    int Requests,
    int ResponsesReceived,
    int Segments,
    long HeaderBytes,
    int Handshakes,
    double CompletionSeconds,
    double RoundTrips,
    int PeakTimeWait);

/// <summary>
/// Exercise 07's measurement: the same request/response workload over one connection per request
/// ("short") and over one connection kept open ("long"), on the same network, compared.
/// </summary>
public static class ConnectionComparison
{
    public const int Port = 8000;
    public const int RequestBytes = 100;
    public const int ResponseBytes = 1000;

    /// <summary>IPv4 (20) + TCP (20) header bytes, plus 4 for the MSS option a SYN carries.</summary>
    public static int HeaderBytesOf(in Segment s) => 40 + (s.Mss != 0 ? 4 : 0);

    /// <summary>
    /// Runs the client app (which returns how many complete responses it received) against the kit's
    /// request server and measures it. The client closes first, so TIME_WAIT is counted on the client.
    /// </summary>
    public static ConnectionMetrics Measure(string mode, TcpHandlers handlers, int requests,
        Func<TcpHost, string, int, int, Task<int>> client, ulong seed = 1)
    {
        var sim = new Simulation(handlers, seed, LinkOptions.Lan);
        var server = sim.AddHost("server");
        var clientHost = sim.AddHost("client");
        RequestServer.Start(sim, server, Port);
        var responses = 0;
        var done = TimeSpan.Zero;
        var app = sim.Start(async () =>
        {
            responses = await client(clientHost, "server", Port, requests);
            done = sim.Now;
        });
        sim.Run();
        if (app.Exception is { } e) throw e.InnerException ?? e;

        var sent = sim.Trace.Events.Where(x => x.Kind == TraceKind.Sent).ToList();
        var rtt = 2 * LinkOptions.Lan.Delay;
        return new ConnectionMetrics(
            mode,
            requests,
            responses,
            sent.Count,
            sent.Sum(x => (long)HeaderBytesOf(x.Segment)),
            sent.Count(x => x.Host == "client" && x.Segment.IsSyn && !x.Segment.IsAck),
            done.TotalSeconds,
            Math.Round(done / rtt, 1),
            PeakInState(sim.Trace, "client", TcpState.TimeWait));
    }

    /// <summary>The most connections of <paramref name="host"/> that were in <paramref name="state"/> at the same time.</summary>
    public static int PeakInState(Trace trace, string host, TcpState state)
    {
        var inState = new HashSet<Endpoint>();
        var peak = 0;
        foreach (var e in trace.Events)
        {
            if (e.Kind != TraceKind.State || e.Host != host || e.NewState is not { } to) continue;
            if (to == state) inState.Add(e.Local);
            else inState.Remove(e.Local);
            peak = Math.Max(peak, inState.Count);
        }
        return peak;
    }

    /// <summary>The comparison as a fixed-width table, one row per metric.</summary>
    public static string Table(ConnectionMetrics shortMode, ConnectionMetrics longMode)
    {
        var rows = Rows(shortMode, longMode);
        var width = rows.Max(r => r.Metric.Length);
        var lines = new List<string> { $"{"".PadRight(width)}  {"short",12}  {"long",12}" };
        lines.AddRange(rows.Select(r => $"{r.Metric.PadRight(width)}  {r.Short,12}  {r.Long,12}"));
        return string.Join('\n', lines) + '\n';
    }

    /// <summary>The rows the table and the chart share, so they cannot disagree.</summary>
    public static IReadOnlyList<(string Metric, string Short, string Long, double ShortValue, double LongValue)> Rows(ConnectionMetrics s, ConnectionMetrics l)
    {
        static string F(double v) => v.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
        return
        [
            ("requests answered", $"{s.ResponsesReceived}/{s.Requests}", $"{l.ResponsesReceived}/{l.Requests}", s.ResponsesReceived, l.ResponsesReceived),
            ("segments", F(s.Segments), F(l.Segments), s.Segments, l.Segments),
            ("header bytes", F(s.HeaderBytes), F(l.HeaderBytes), s.HeaderBytes, l.HeaderBytes),
            ("handshakes", F(s.Handshakes), F(l.Handshakes), s.Handshakes, l.Handshakes),
            ("completion (s)", F(s.CompletionSeconds), F(l.CompletionSeconds), s.CompletionSeconds, l.CompletionSeconds),
            ("round trips", F(s.RoundTrips), F(l.RoundTrips), s.RoundTrips, l.RoundTrips),
            ("peak TIME_WAIT (client)", F(s.PeakTimeWait), F(l.PeakTimeWait), s.PeakTimeWait, l.PeakTimeWait),
        ];
    }
}

/// <summary>
/// The server of exercise 07: for every connection, answers each request of <see cref="ConnectionComparison.RequestBytes"/>
/// bytes with <see cref="ConnectionComparison.ResponseBytes"/> bytes, and closes after the client's FIN.
/// </summary>
public static class RequestServer
{
    public static void Start(Simulation sim, TcpHost host, int port)
    {
        var listener = host.CreateSocket();
        listener.Bind(port);
        listener.Listen(128);
        sim.Start(async () =>
        {
            while (true)
            {
                var connection = await listener.AcceptAsync();
                _ = Serve(connection);
            }
        });
    }

    private static async Task Serve(TcpSocket connection)
    {
        using var socket = connection;
        var buffer = new byte[4096];
        var pending = 0;
        int n;
        while ((n = await socket.ReceiveAsync(buffer)) > 0)
        {
            pending += n;
            for (; pending >= ConnectionComparison.RequestBytes; pending -= ConnectionComparison.RequestBytes)
                socket.Send(new byte[ConnectionComparison.ResponseBytes]);
        }
    }
}
