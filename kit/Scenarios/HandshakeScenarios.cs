using System.Net.Sockets;
using System.Text;
using TcpKata.Engine;

namespace TcpKata.Scenarios;

/// <summary>The scenarios of the handshake exercises (01 and 02).</summary>
public static class HandshakeScenarios
{
    public const int Port = 80;

    public static IReadOnlyList<Scenario> All { get; } =
    [
        new("handshake", "client connects to a listening server, sends \"hello\", the server echoes it",
            "Both sides must reach ESTABLISHED: SYN (seq = ISS), SYN+ACK (ack = ISS + 1), ACK (ack = server ISS + 1).",
            sim => Echo(sim, clients: 1)),
        new("refused", "client connects to a port where nothing listens: the server's stack answers with RST",
            "In SYN_SENT an RST whose ACK acknowledges your SYN means ConnectionRefused (RFC 9293 §3.10.7.3).",
            sim =>
            {
                sim.AddHost("server");
                var client = sim.AddHost("client");
                Connect(sim, client, "server", Port + 1);
            }),
        new("syn-lost", "the client's first SYN is lost; it retransmits after the initial RTO of 1 s",
            "OnRetransmissionTimeout in SYN_SENT: retransmit the SYN, double the RTO, restart the timer (RFC 6298 §5).",
            sim => Echo(sim, clients: 1)) { Faults = ["drop client S #1"] },
        new("synack-lost", "the server's first SYN+ACK is lost; both sides retransmit",
            "The client retransmits its SYN; the server answers a repeated SYN in SYN_RCVD by sending its SYN+ACK again.",
            sim => Echo(sim, clients: 1)) { Faults = ["drop server S. #1"] },
        new("ack-lost", "the client's ACK that ends the handshake is lost; the server retransmits its SYN+ACK",
            "A client in ESTABLISHED answers the old SYN+ACK with an ACK; the server then reaches ESTABLISHED.",
            sim =>
            {
                // No data follows the handshake here: a data segment would carry the same ACK and hide the loss.
                var server = sim.AddHost("server");
                var client = sim.AddHost("client");
                Listen(sim, server, backlog: 8, accept: 1);
                Connect(sim, client, "server", Port);
            }) { Faults = ["drop client . #1"] },
        new("syn-timeout", "every SYN is lost; connect gives up after tcp_syn_retries (6) retransmissions, at 127 s (with --profile linux: 4 linear ones first, at 131 s)",
            "After Limits.SynRetries retransmissions, abort with TimedOut. Backoff: 1, 2, 4, 8, 16, 32, 64 s.",
            sim =>
            {
                var server = sim.AddHost("server");
                var client = sim.AddHost("client");
                Listen(sim, server, backlog: 8, accept: 0);
                Connect(sim, client, "server", Port);
            }) { Faults = ["drop client S all"] },
        new("backlog", "three clients connect to a server with backlog 1 that accepts late",
            "Once the accept queue is full the server drops SYNs; the clients' retransmissions get them in later.",
            sim =>
            {
                var server = sim.AddHost("server");
                var listener = Listen(sim, server, backlog: 1, accept: 0);
                sim.Start(async () =>
                {
                    await sim.Delay(TimeSpan.FromSeconds(2));
                    for (var i = 0; i < 3; i++)
                    {
                        var accepted = await listener.AcceptAsync();
                        server.Log($"accepted {accepted.RemoteName}");
                    }
                });
                for (var i = 1; i <= 3; i++) Connect(sim, sim.AddHost($"client{i}"), "server", Port);
            }),
        new("lossy", "handshake and a 4 KiB echo over links that lose, duplicate and reorder 20 % of segments",
            "Every loss must be repaired by a retransmission; run several seeds (--seed) to see different fates.",
            sim => Echo(sim, clients: 1, payload: 4096))
        {
            Link = LinkOptions.Lan with { Loss = 0.2, Duplication = 0.2, Reordering = 0.2, Jitter = TimeSpan.FromMilliseconds(5) },
        },
    ];

    public static Scenario? Find(string name) => All.FirstOrDefault(s => s.Name == name);

    /// <summary>A listening server that echoes what each client sends, and clients that send and read it back.</summary>
    private static void Echo(Simulation sim, int clients, int payload = 5)
    {
        var server = sim.AddHost("server");
        var listener = Listen(sim, server, backlog: 8, accept: clients, echo: true);
        _ = listener;
        for (var i = 1; i <= clients; i++)
        {
            var client = sim.AddHost(clients == 1 ? "client" : $"client{i}");
            var message = payload == 5 ? "hello"u8.ToArray() : Enumerable.Range(0, payload).Select(b => (byte)b).ToArray();
            sim.Start(async () =>
            {
                var socket = client.CreateSocket();
                await socket.ConnectAsync("server", Port);
                client.Log($"connected to {socket.RemoteName}");
                socket.Send(message);
                var received = 0;
                var buffer = new byte[message.Length];
                while (received < message.Length)
                {
                    var n = await socket.ReceiveAsync(buffer.AsMemory(received));
                    if (n == 0) break;
                    received += n;
                }
                client.Log(received == message.Length && buffer.AsSpan().SequenceEqual(message)
                    ? $"echo complete: {received} bytes" + (payload == 5 ? $" \"{Encoding.ASCII.GetString(buffer)}\"" : "")
                    : $"echo incomplete: {received} of {message.Length} bytes");
            });
        }
    }

    private static TcpSocket Listen(Simulation sim, TcpHost server, int backlog, int accept, bool echo = false)
    {
        var listener = server.CreateSocket();
        listener.Bind(Port);
        listener.Listen(backlog);
        for (var i = 0; i < accept; i++)
        {
            sim.Start(async () =>
            {
                var connection = await listener.AcceptAsync();
                if (!echo) return;
                var buffer = new byte[8192];
                while (true)
                {
                    var n = await connection.ReceiveAsync(buffer);
                    if (n == 0) break;
                    connection.Send(buffer.AsSpan(0, n));
                }
            });
        }
        return listener;
    }

    private static void Connect(Simulation sim, TcpHost client, string server, int port) =>
        sim.Start(async () =>
        {
            var socket = client.CreateSocket();
            try
            {
                await socket.ConnectAsync(server, port);
                client.Log($"connected to {socket.RemoteName}");
            }
            catch (SocketException e)
            {
                client.Log($"connect failed: {e.SocketErrorCode}");
            }
        });
}
