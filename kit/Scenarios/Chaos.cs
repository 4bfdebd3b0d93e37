using System.Net.Sockets;
using TcpKata.Engine;

namespace TcpKata.Scenarios;

/// <summary>
/// Chaos: whole connections (open, exchange, close) over links that lose, duplicate and reorder up to
/// 30 % of segments, drawn from the seed. After each run: no connection is left outside CLOSED, every
/// byte stream arrived exactly once and in order (completely, unless the connection failed), and the
/// same seed gives the same trace.
/// </summary>
public sealed record ChaosWorkload(string Name, string Description, Action<Simulation, StreamLedger> Setup)
{
    public const double MaxImpairment = 0.30;

    /// <summary>Loss, duplication and reordering each drawn in [0, 30 %] from the seed, plus jitter.</summary>
    public static LinkOptions LinkFor(ulong seed)
    {
        var r = new DeterministicRandom(seed ^ 0xC4A05UL);
        return LinkOptions.Lan with
        {
            Loss = r.NextDouble() * MaxImpairment,
            Duplication = r.NextDouble() * MaxImpairment,
            Reordering = r.NextDouble() * MaxImpairment,
            Jitter = TimeSpan.FromMilliseconds(5),
        };
    }

    public ChaosOutcome Run(TcpHandlers handlers, ulong seed, bool trace = true)
    {
        var ledger = new StreamLedger();
        var sim = new Simulation(handlers, seed, LinkFor(seed));
        sim.Trace.Enabled = trace;
        Setup(sim, ledger);
        var problems = new List<string>();
        try
        {
            sim.Run();
        }
        catch (Exception e) when (e is not NotImplementedYetException)
        {
            problems.Add($"the run failed: {e.GetType().Name}: {e.Message}");
        }
        problems.AddRange(ledger.Check());
        foreach (var host in sim.Hosts)
        foreach (var c in host.Connections)
            problems.Add($"connection left in {c.State.ToTraceName()} when nothing else was scheduled: {c}");
        return new ChaosOutcome(seed, sim, problems);
    }

    /// <summary>The same workload as a scenario, so <c>tcpkata trace NAME --seed N</c> replays a seed.</summary>
    public Scenario AsScenario() =>
        new(Name, Description, "A chaos run: compare with another seed, or read where the invariant broke.", sim => Setup(sim, new StreamLedger()))
        {
            LinkForSeed = LinkFor,
        };
}

public sealed record ChaosOutcome(ulong Seed, Simulation Simulation, IReadOnlyList<string> Problems)
{
    public bool Passed => Problems.Count == 0;
}

/// <summary>What each app sent and received on each byte stream, to check exactly-once, in-order delivery.</summary>
public sealed class StreamLedger
{
    private readonly Dictionary<string, (List<byte> Sent, List<byte> Received, bool Complete)> _streams = [];

    private (List<byte> Sent, List<byte> Received, bool Complete) Stream(string name) =>
        _streams.TryGetValue(name, out var s) ? s : _streams[name] = ([], [], false);

    public void Sent(string stream, ReadOnlySpan<byte> data) => Stream(stream).Sent.AddRange(data);

    public void Received(string stream, ReadOnlySpan<byte> data) => Stream(stream).Received.AddRange(data);

    /// <summary>The receiver saw the end of the stream (Receive returned 0) without an error.</summary>
    public void Completed(string stream) => _streams[stream] = Stream(stream) with { Complete = true };

    public IEnumerable<string> Check()
    {
        foreach (var (name, (sent, received, complete)) in _streams)
        {
            var prefix = received.Count <= sent.Count && sent.Take(received.Count).SequenceEqual(received);
            if (!prefix) yield return $"stream {name}: received bytes that are not the next bytes sent (duplicated, reordered or corrupted)";
            else if (complete && received.Count != sent.Count) yield return $"stream {name}: ended after {received.Count} of {sent.Count} bytes";
        }
    }
}

/// <summary>The chaos workloads: together they exercise every handler of exercises 01 to 04.</summary>
public static class ChaosWorkloads
{
    public const int Port = 80;

    public static IReadOnlyList<ChaosWorkload> All { get; } =
    [
        new("chaos-echo", "a client sends 3000 bytes, the server echoes them and closes after the client closes", (sim, ledger) =>
        {
            var (client, server) = Hosts(sim);
            Serve(sim, server, ledger, async s =>
            {
                var buffer = new byte[1024];
                int n;
                while ((n = await Receive(sim, s, buffer)) > 0)
                {
                    ledger.Received("client>server", buffer.AsSpan(0, n));
                    ledger.Sent("server>client", buffer.AsSpan(0, n));
                    s.Send(buffer.AsSpan(0, n));
                }
                if (n == 0) ledger.Completed("client>server");
            });
            Connect(sim, client, ledger, async s =>
            {
                var data = Pattern(3000, 1);
                ledger.Sent("client>server", data);
                s.Send(data);
                var got = 0;
                var buffer = new byte[1024];
                while (got < data.Length)
                {
                    var n = await Receive(sim, s, buffer);
                    if (n <= 0) break;
                    ledger.Received("server>client", buffer.AsSpan(0, n));
                    got += n;
                }
            });
        }),
        new("chaos-half-close", "a client sends a request and shuts down sending; the server reads to the end, answers and closes", (sim, ledger) =>
        {
            var (client, server) = Hosts(sim);
            Serve(sim, server, ledger, async s =>
            {
                await ReadToEnd(sim, s, ledger, "client>server");
                var reply = Pattern(2000, 2);
                ledger.Sent("server>client", reply);
                s.Send(reply);
            });
            Connect(sim, client, ledger, async s =>
            {
                var request = Pattern(500, 3);
                ledger.Sent("client>server", request);
                s.Send(request);
                s.Shutdown(SocketShutdown.Send);
                await ReadToEnd(sim, s, ledger, "server>client");
            });
        }),
        new("chaos-simultaneous-close", "both sides send 100 bytes and close at the same moment", (sim, ledger) =>
        {
            var (client, server) = Hosts(sim);
            async Task Both(TcpSocket s, string outgoing, string incoming, byte salt)
            {
                var data = Pattern(100, salt);
                ledger.Sent(outgoing, data);
                s.Send(data);
                var buffer = new byte[256];
                var got = 0;
                while (got < data.Length)
                {
                    var n = await Receive(sim, s, buffer);
                    if (n <= 0) break;
                    ledger.Received(incoming, buffer.AsSpan(0, n));
                    got += n;
                }
                // Both sides close at the same virtual instant (or at once, if the exchange took longer).
                var closeAt = TimeSpan.FromSeconds(30);
                if (sim.Now < closeAt) await sim.Delay(closeAt - sim.Now);
            }
            Serve(sim, server, ledger, s => Both(s, "server>client", "client>server", 4));
            Connect(sim, client, ledger, s => Both(s, "client>server", "server>client", 5));
        }),
    ];

    public static ChaosWorkload? Find(string name) => All.FirstOrDefault(w => w.Name == name);

    private static (TcpHost Client, TcpHost Server) Hosts(Simulation sim) => (sim.AddHost("client"), sim.AddHost("server"));

    /// <summary>Accepts one connection, runs the app on it, then closes it; a failed connection is logged, not thrown.</summary>
    private static void Serve(Simulation sim, TcpHost server, StreamLedger ledger, Func<TcpSocket, Task> app)
    {
        var listener = server.CreateSocket();
        listener.Bind(Port);
        listener.Listen(8);
        sim.Start(async () =>
        {
            var s = await listener.AcceptAsync();
            await Guard(server, () => app(s));
            s.Close();
        });
    }

    private static void Connect(Simulation sim, TcpHost client, StreamLedger ledger, Func<TcpSocket, Task> app) =>
        sim.Start(async () =>
        {
            var s = client.CreateSocket();
            await Guard(client, async () =>
            {
                await s.ConnectAsync("server", Port);
                await app(s);
            });
            s.Close();
        });

    private static async Task Guard(TcpHost host, Func<Task> body)
    {
        try
        {
            await body();
        }
        catch (SocketException e)
        {
            // Under 30 % loss a retry limit can run out: that ends the connection, it is not a violation.
            host.Log($"gave up: {e.SocketErrorCode}");
        }
    }

    private static async Task ReadToEnd(Simulation sim, TcpSocket s, StreamLedger ledger, string stream)
    {
        var buffer = new byte[1024];
        int n;
        while ((n = await Receive(sim, s, buffer)) > 0) ledger.Received(stream, buffer.AsSpan(0, n));
        if (n == 0) ledger.Completed(stream);
    }

    /// <summary>
    /// Receive with an application timeout, as real apps have: without one, a half-closed socket whose
    /// peer vanished (its FIN retries ran out) would wait in FIN_WAIT_2 forever, on Linux too.
    /// Returns -1 when the timeout wins.
    /// </summary>
    private static async Task<int> Receive(Simulation sim, TcpSocket s, byte[] buffer)
    {
        var receive = s.ReceiveAsync(buffer).AsTask();
        var timeout = sim.Delay(TimeSpan.FromMinutes(10));
        if (await Task.WhenAny(receive, timeout) == receive) return await receive;
        s.Host.Log("gave up waiting after 10 minutes of silence");
        return -1;
    }

    private static byte[] Pattern(int length, byte salt) =>
        Enumerable.Range(0, length).Select(i => (byte)((i * 7 + salt) % 251)).ToArray();
}
