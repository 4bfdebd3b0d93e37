using System.Net.Sockets;
using TcpKata.Engine;
using TcpKata.Tests.Support;

namespace TcpKata.Tests.Exercise06_EchoServer;

/// <summary>Exercise 06: the echo server app, driven by clients on the fake network (exercises 01–04 underneath).</summary>
public sealed class EchoServerTests
{
    private const int Port = 7;

    private static (Simulation Sim, TcpSocket Listener, Task Server) Start(int connections, LinkOptions? link = null, ulong seed = 1)
    {
        var sim = new Simulation(Implementation.Handlers(), seed, link);
        var host = sim.AddHost("server");
        var listener = host.CreateSocket();
        listener.Bind(Port);
        listener.Listen(16);
        var server = sim.Start(() => new global::TcpKata.Exercises.EchoServer().RunAsync(listener, connections));
        return (sim, listener, server);
    }

    private static Task<byte[]> Client(Simulation sim, string name, byte[] data, bool halfClose = false) =>
        ClientCore(sim, sim.AddHost(name), data, halfClose);

    private static async Task<byte[]> ClientCore(Simulation sim, TcpHost host, byte[] data, bool halfClose)
    {
        await Task.Yield();
        using var socket = host.CreateSocket();
        await socket.ConnectAsync("server", Port);
        socket.Send(data);
        if (halfClose) socket.Shutdown(SocketShutdown.Send);
        var echoed = new List<byte>();
        var buffer = new byte[1024];
        while (halfClose || echoed.Count < data.Length)
        {
            var n = await socket.ReceiveAsync(buffer);
            if (n == 0) break;
            echoed.AddRange(buffer.AsSpan(0, n));
        }
        return [.. echoed];
    }

    private static byte[] Data(int n) => Enumerable.Range(0, n).Select(i => (byte)(i % 253)).ToArray();

    [Test]
    public void EchoesEveryByteTheClientSends()
    {
        var (sim, _, server) = Start(1);
        var echoed = sim.Start(async () => Assert.That(await Client(sim, "client", Data(5000)), Is.EqualTo(Data(5000))));
        sim.Run();
        Assert.That(echoed.IsCompletedSuccessfully && server.IsCompletedSuccessfully, sim.Trace.Render());
    }

    [Test]
    public void ClosesWhenTheClientCloses_LeavingNothingInCloseWait()
    {
        var (sim, _, server) = Start(1);
        sim.Start(() => Client(sim, "client", Data(10)));
        sim.Run();
        Assert.Multiple(() =>
        {
            Assert.That(server.IsCompletedSuccessfully, "RunAsync returns once its connection is served");
            Assert.That(sim.Host("server").Connections, Is.Empty,
                "the server must Close after Receive returns 0; otherwise the connection stays in CLOSE_WAIT\n" + sim.Trace.Render());
            Assert.That(sim.Trace.Events.Any(e => e.Host == "server" && e.Kind == Tracing.TraceKind.Sent && e.Segment.IsFin), "the server sent its FIN");
        });
    }

    [Test]
    public void HalfClosingClientStillGetsEveryEchoThenTheEnd()
    {
        var (sim, _, _) = Start(1);
        var echoed = sim.Start(async () => Assert.That(await Client(sim, "client", Data(3000), halfClose: true), Is.EqualTo(Data(3000))));
        sim.Run();
        Assert.That(echoed.IsCompletedSuccessfully, "a client that shuts down sending keeps reading: echo what came before its FIN, then close\n" + sim.Trace.Render());
    }

    [Test]
    public void ServesSeveralClientsAtOnce()
    {
        var (sim, _, server) = Start(3);
        // The first client connects but sends nothing for a while: the others must not wait for it.
        var slow = sim.AddHost("slow");
        var slowDone = sim.Start(async () =>
        {
            using var s = slow.CreateSocket();
            await s.ConnectAsync("server", Port);
            await sim.Delay(TimeSpan.FromSeconds(30));
            s.Send(Data(10));
            var buffer = new byte[16];
            if (await s.ReceiveAsync(buffer) == 0) Assert.Fail("the server closed the slow client's connection without echoing");
        });
        TimeSpan fastDone = default;
        sim.Start(async () =>
        {
            await sim.Delay(TimeSpan.FromSeconds(1));
            await Task.WhenAll(Client(sim, "client1", Data(100)), Client(sim, "client2", Data(100)));
            fastDone = sim.Now;
        });
        sim.Run();
        Assert.Multiple(() =>
        {
            Assert.That(fastDone, Is.GreaterThan(TimeSpan.Zero).And.LessThan(TimeSpan.FromSeconds(5)),
                "accept the next client while an earlier one is still being served (start ServeAsync, do not await it in the accept loop)");
            Assert.That(server.IsCompletedSuccessfully && slowDone.IsCompletedSuccessfully);
        });
    }

    [Test]
    public void EchoesCorrectlyOverALossyLink()
    {
        var link = LinkOptions.Lan with { Loss = 0.2, Duplication = 0.1, Reordering = 0.2, Jitter = TimeSpan.FromMilliseconds(5) };
        for (ulong seed = 1; seed <= 20; seed++)
        {
            var (sim, _, _) = Start(1, link, seed);
            var echoed = sim.Start(async () => Assert.That(await Client(sim, "client", Data(4000)), Is.EqualTo(Data(4000))));
            sim.Run();
            Assert.That(echoed.IsCompletedSuccessfully, $"seed {seed}");
        }
    }

    [Test]
    public void ClosesTheConnectionWhenTheClientResets()
    {
        var (sim, _, server) = Start(1);
        var client = sim.AddHost("client");
        sim.Start(async () =>
        {
            var s = client.CreateSocket();
            await s.ConnectAsync("server", Port);
            s.Send(Data(10));
            await sim.Delay(TimeSpan.FromSeconds(1));
            s.Close(); // the echo arrived and was never read: closing with unread data resets the connection
        });
        sim.Run();
        Assert.Multiple(() =>
        {
            Assert.That(server.IsCompletedSuccessfully, "a reset ends ServeAsync without an exception escaping: catch SocketException");
            Assert.That(sim.Host("server").Connections, Is.Empty);
            Assert.That(sim.Trace.Events.Any(e => e.Host == "client" && e.Kind == Tracing.TraceKind.Sent && e.Segment.IsRst), "the client reset");
        });
    }
}
