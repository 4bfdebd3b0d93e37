using System.Net.Sockets;
using TcpKata.Engine;

namespace TcpKata.Scenarios;

/// <summary>The scenarios of docs/lessons/: what the exercises' tests do not show, each in one run.</summary>
public static class LessonScenarios
{
    private const int Port = 80;

    // Ten ephemeral ports instead of Linux's 28232, so that the run stays short; the arithmetic is the same.
    private static TcpLimits TenPorts(TcpLimits limits) => limits with { EphemeralPorts = (50000, 50009) };

    // Keep-alive's Linux numbers (7200 s, 75 s, 9 probes) scaled down so that the run stays short.
    private static TcpLimits QuickKeepAlive(TcpLimits limits) => limits with
    {
        KeepAliveTime = TimeSpan.FromSeconds(60), KeepAliveInterval = TimeSpan.FromSeconds(10), KeepAliveProbes = 3,
    };

    public static IReadOnlyList<Scenario> All { get; } =
    [
        KeepAliveScenario(),
        new("time-wait-ports", "a client opens short connections to one server as fast as it can: each keeps its port in TIME_WAIT for 60 s, so with 10 ephemeral ports the 11th connect fails (EADDRNOTAVAIL) until the first TIME_WAIT ends",
            "Ports / TIME_WAIT = the rate of new connections to one server address and port: Linux's 28232 ports (32768-60999) over 60 s allow about 470 a second (docs/lessons/time-wait.md).",
            sim =>
            {
                var server = Listening(sim);
                var client = sim.AddHost("client");
                sim.Start(async () =>
                {
                    for (var i = 1; i <= 12; i++)
                    {
                        using var socket = client.CreateSocket();
                        try
                        {
                            await socket.ConnectAsync("server", Port);
                        }
                        catch (SocketException e)
                        {
                            client.Log($"connect #{i} failed: {e.SocketErrorCode}; waiting for the oldest TIME_WAIT to end");
                            await sim.Delay(TimeSpan.FromSeconds(60));
                            await socket.ConnectAsync("server", Port);
                            client.Log($"connect #{i} succeeded after the wait");
                        }
                        socket.Close(); // the client closes first, so the client keeps the TIME_WAIT
                        await sim.Delay(TimeSpan.FromMilliseconds(100));
                    }
                });
                ServeUntilClosed(sim, server);
            }) { Settings = TenPorts },
        new("server-restart", "a server closes its connection first (so it keeps the TIME_WAIT), then restarts: bind() fails with EADDRINUSE, and succeeds with SO_REUSEADDR",
            "The side that closes first keeps TIME_WAIT. A server that does so cannot bind its port again for 60 s unless it sets SO_REUSEADDR (ReuseAddress), as servers do (docs/lessons/time-wait.md).",
            sim =>
            {
                var host = sim.AddHost("server");
                var clientHost = sim.AddHost("client");
                var listener = host.CreateSocket();
                listener.Bind(Port);
                listener.Listen(8);
                sim.Start(async () =>
                {
                    var accepted = listener.AcceptAsync();
                    var client = clientHost.CreateSocket();
                    await client.ConnectAsync("server", Port);
                    var connection = await accepted;
                    connection.Close(); // the server closes first: the server keeps the TIME_WAIT
                    await TeardownScenarios.ReadToEnd(client);
                    client.Close();
                    listener.Close();
                    await sim.Delay(TimeSpan.FromSeconds(1));
                    var restarted = host.CreateSocket();
                    try
                    {
                        restarted.Bind(Port);
                    }
                    catch (SocketException e)
                    {
                        host.Log($"restart: bind failed with {e.SocketErrorCode}");
                        restarted.Close();
                        restarted = host.CreateSocket();
                        restarted.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                        restarted.Bind(Port);
                        restarted.Listen(8);
                        host.Log("restart with ReuseAddress (SO_REUSEADDR): listening again");
                    }
                });
            }),
    ];

    /// <summary>The keep-alive lesson's scenario, listed with the others.</summary>
    private static Scenario KeepAliveScenario() =>
        new("keep-alive", "an idle connection with keep-alive on: after 60 s idle a probe, answered; once the server's host goes silent, three probes go unanswered and the client resets the connection (TimedOut)",
            "Keep-alive is off by default and, when on, waits at least two hours (RFC 9293 §3.8.4; Linux 7200 s, then 9 probes 75 s apart); here 60 s, 10 s and 3 probes. Applications usually send their own heartbeats (docs/lessons/keep-alive.md).",
            sim =>
            {
                var listener = Listening(sim);
                var clientHost = sim.AddHost("client");
                sim.Start(async () =>
                {
                    var accepted = listener.AcceptAsync();
                    var client = clientHost.CreateSocket();
                    client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
                    await client.ConnectAsync("server", Port);
                    await accepted;
                    await sim.Delay(TimeSpan.FromSeconds(90));
                    clientHost.Log("the server's host goes silent: nothing it sends arrives any more");
                    sim.Network.AddFault(Fault.Parse("drop server . all"));
                    try
                    {
                        await client.ReceiveAsync(new byte[16]);
                    }
                    catch (SocketException e)
                    {
                        clientHost.Log($"receive failed: {e.SocketErrorCode}");
                    }
                });
            }) { Settings = QuickKeepAlive };

    private static TcpSocket Listening(Simulation sim)
    {
        var listener = sim.AddHost("server").CreateSocket();
        listener.Bind(Port);
        listener.Listen(16);
        return listener;
    }

    // Accepts every connection and closes each one when its client has closed.
    private static void ServeUntilClosed(Simulation sim, TcpSocket listener) =>
        sim.Start(async () =>
        {
            while (true)
            {
                var connection = await listener.AcceptAsync();
                _ = sim.Start(async () =>
                {
                    await TeardownScenarios.ReadToEnd(connection);
                    connection.Close();
                });
            }
        });
}
