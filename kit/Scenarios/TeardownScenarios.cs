using System.Net.Sockets;

namespace TcpKata.Scenarios;

/// <summary>The scenarios of the teardown exercises (03 and 04), on top of a working handshake.</summary>
public static class TeardownScenarios
{
    public const int Port = 80;

    public static IReadOnlyList<Scenario> All { get; } =
    [
        new("close", "client sends \"hello\", reads the echo and closes first; the server reads 0 and closes too",
            "Four segments: FIN (client, FIN_WAIT_1), ACK (server, CLOSE_WAIT), FIN (server, LAST_ACK), ACK (client, TIME_WAIT for 2 x MSL).",
            sim => EchoThenClose(sim)),
        new("simultaneous-close", "both sides close at the same moment: the FINs cross and both pass through CLOSING",
            "In FIN_WAIT_1 a FIN that does not acknowledge yours leads to CLOSING; the ACK of your FIN then leads to TIME_WAIT.",
            sim =>
            {
                var (connect, server) = Connected(sim);
                sim.Start(async () =>
                {
                    var client = await connect();
                    await sim.Delay(TimeSpan.FromSeconds(1) - sim.Now);
                    client.Close();
                });
                sim.Start(async () =>
                {
                    await sim.Delay(TimeSpan.FromSeconds(1));
                    (await server).Close();
                });
            }),
        new("close-delayed-ack", "the same close with delayed ACK (40 ms, as on Linux): the server closes at once, so its ACK rides on its FIN",
            "Three segments instead of four: F. (client), F. (server: ACK and FIN together), . (client). Same states, fewer segments.",
            sim => EchoThenClose(sim)) { Settings = limits => limits with { DelayedAck = TimeSpan.FromMilliseconds(40) } },
        new("fin-lost", "the client's FIN is lost: it is retransmitted after the RTO",
            "OnRetransmissionTimeout in FIN_WAIT_1: retransmit the FIN, double the RTO, restart the timer.",
            sim => EchoThenClose(sim)) { Faults = ["drop client F. #1"] },
        new("last-ack-lost", "the client's ACK of the server's FIN is lost: the server retransmits its FIN from LAST_ACK",
            "TIME_WAIT answers the retransmitted FIN with the same ACK and restarts its 2 x MSL timer: that is what TIME_WAIT is for.",
            sim => EchoThenClose(sim)) { Faults = ["drop client . #3"] },
        new("fin-retries", "every FIN from the server is lost: it retransmits with backoff until tcp_orphan_retries (8), then gives up",
            "The notes asked whether the server \"only gets two chances to resend FIN\": it gets Limits.FinRetries, spaced 1, 2, 4, ... s.",
            sim => EchoThenClose(sim)) { Faults = ["drop server F. all"] },
        new("half-close", "the client sends a request and shuts down its sending side; the server reads to the end, answers and closes",
            "Shutdown(Send) sends a FIN but keeps receiving: FIN_WAIT_2 still takes data until the server's FIN.",
            sim =>
            {
                var (connect, server) = Connected(sim);
                sim.Start(async () =>
                {
                    var client = await connect();
                    client.Send("request"u8);
                    client.Shutdown(SocketShutdown.Send);
                    var reply = await ReadToEnd(client);
                    client.Host.Log($"read {reply} bytes, then the end of the stream");
                    client.Close();
                });
                sim.Start(async () =>
                {
                    var s = await server;
                    var request = await ReadToEnd(s);
                    s.Send(new byte[request * 2]);
                    s.Close();
                });
            }),
        new("unread-close", "the server closes while the client's last bytes are still unread: a RST instead of a FIN",
            "Close with unread data resets the connection (Linux's behaviour): the peer learns its data was not consumed.",
            sim =>
            {
                var (connect, server) = Connected(sim);
                sim.Start(async () =>
                {
                    var client = await connect();
                    var s = await server;
                    client.Send("unread"u8);
                    await sim.Delay(TimeSpan.FromSeconds(1));
                    s.Close();
                    try
                    {
                        await client.ReceiveAsync(new byte[16]);
                    }
                    catch (SocketException e)
                    {
                        client.Host.Log($"receive failed: {e.SocketErrorCode}");
                    }
                });
            }),
    ];

    /// <summary>A listening server and a client socket; each app awaits its end of the handshake first.</summary>
    private static (Func<Task<TcpSocket>> Client, Task<TcpSocket> Server) Connected(Simulation sim)
    {
        var serverHost = sim.AddHost("server");
        var clientHost = sim.AddHost("client");
        var listener = serverHost.CreateSocket();
        listener.Bind(Port);
        listener.Listen(8);
        var accepted = listener.AcceptAsync();
        return (async () =>
        {
            var client = clientHost.CreateSocket();
            await client.ConnectAsync("server", Port);
            return client;
        }, accepted);
    }

    /// <summary>An echo server that closes when the client has closed, and a client that closes first.</summary>
    private static void EchoThenClose(Simulation sim)
    {
        var (connect, server) = Connected(sim);
        sim.Start(async () =>
        {
            var s = await server;
            var buffer = new byte[1024];
            int n;
            while ((n = await s.ReceiveAsync(buffer)) > 0) s.Send(buffer.AsSpan(0, n));
            s.Host.Log("read 0: the client has closed; closing too");
            s.Close();
        });
        sim.Start(async () =>
        {
            var client = await connect();
            client.Send("hello"u8);
            var echoed = await client.ReceiveAsync(new byte[16]);
            client.Host.Log($"echo of {echoed} bytes; closing");
            client.Close();
        });
    }

    /// <summary>Reads until the peer's FIN (a receive of 0); the bytes read.</summary>
    internal static async Task<int> ReadToEnd(TcpSocket socket)
    {
        var total = 0;
        var buffer = new byte[1024];
        int n;
        while ((n = await socket.ReceiveAsync(buffer)) > 0) total += n;
        return total;
    }
}

/// <summary>Every scenario, for the CLI, the snapshot tests and the benchmarks.</summary>
public static class ScenarioCatalog
{
    public static IReadOnlyList<Scenario> All { get; } =
        [.. HandshakeScenarios.All, .. TeardownScenarios.All, .. LessonScenarios.All, .. ChaosWorkloads.All.Select(w => w.AsScenario())];

    public static Scenario? Find(string name) => All.FirstOrDefault(s => s.Name == name);
}
