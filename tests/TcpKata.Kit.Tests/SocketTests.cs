using System.Net.Sockets;

namespace TcpKata.Kit.Tests;

/// <summary>The socket facade behaves like System.Net.Sockets.Socket, sync and async, on the virtual clock.</summary>
public sealed class SocketTests
{
    private static (Simulation Sim, TcpHost Server, TcpHost Client, TcpSocket Listener) World()
    {
        var sim = new Simulation(Reference.Handlers());
        var server = sim.AddHost("server");
        var client = sim.AddHost("client");
        var listener = server.CreateSocket();
        listener.Bind(80);
        listener.Listen();
        return (sim, server, client, listener);
    }

    [Test]
    public void BlockingCallsAdvanceTheVirtualClock()
    {
        var w = World();
        var socket = w.Client.CreateSocket();
        socket.Connect("server", 80);
        Assert.Multiple(() =>
        {
            Assert.That(socket.Connected, Is.True);
            Assert.That(w.Sim.Now, Is.EqualTo(TimeSpan.FromMilliseconds(20)), "connect returns after one round trip (2 x 10 ms)");
            Assert.That(socket.RemoteEndPoint!.Port, Is.EqualTo(80));
        });
        var accepted = w.Listener.Accept();
        Assert.Multiple(() =>
        {
            Assert.That(accepted.RemoteEndPoint, Is.EqualTo(socket.LocalEndPoint), "Accept returns a new socket and the peer's endpoint");
            Assert.That(w.Sim.Now, Is.EqualTo(TimeSpan.FromMilliseconds(30)));
        });
        socket.Send("ping"u8.ToArray());
        var buffer = new byte[16];
        var n = accepted.Receive(buffer);
        Assert.That(buffer[..n], Is.EqualTo("ping"u8.ToArray()));
    }

    [Test]
    public void ConnectToAClosedPortThrowsConnectionRefused()
    {
        var w = World();
        var e = Assert.Throws<SocketException>(() => w.Client.CreateSocket().Connect("server", 81));
        Assert.That(e!.SocketErrorCode, Is.EqualTo(SocketError.ConnectionRefused));
    }

    [Test]
    public void ConnectToAnUnknownHostThrowsHostNotFound()
    {
        var w = World();
        var e = Assert.Throws<SocketException>(() => w.Client.CreateSocket().Connect("nowhere", 80));
        Assert.That(e!.SocketErrorCode, Is.EqualTo(SocketError.HostNotFound));
    }

    [Test]
    public void AsyncAppsExchangeDataDeterministically()
    {
        var w = World();
        var got = "";
        var server = w.Sim.Start(async () =>
        {
            var c = await w.Listener.AcceptAsync();
            var buffer = new byte[64];
            var n = await c.ReceiveAsync(buffer);
            await c.SendAsync(buffer.AsMemory(0, n));
        });
        var client = w.Sim.Start(async () =>
        {
            var s = w.Client.CreateSocket();
            await s.ConnectAsync("server", 80);
            await s.SendAsync("hello"u8.ToArray());
            var buffer = new byte[64];
            var n = await s.ReceiveAsync(buffer);
            got = System.Text.Encoding.ASCII.GetString(buffer, 0, n);
        });
        w.Sim.Run();
        Assert.Multiple(() =>
        {
            Assert.That(server.IsCompletedSuccessfully && client.IsCompletedSuccessfully, Is.True);
            Assert.That(got, Is.EqualTo("hello"));
        });
    }

    [Test]
    public void LargeSendIsCutIntoMssSizedSegments()
    {
        var w = World();
        var s = w.Client.CreateSocket();
        s.Connect("server", 80);
        var c = w.Listener.Accept();
        var data = Enumerable.Range(0, 5000).Select(i => (byte)i).ToArray();
        s.Send(data);
        var received = new List<byte>();
        var buffer = new byte[10_000];
        while (received.Count < data.Length) received.AddRange(buffer[..c.Receive(buffer)]);
        var sizes = w.Sim.Trace.Events.Where(e => e.Kind == Tracing.TraceKind.Sent && e.Segment.Payload.Length > 0).Select(e => e.Segment.Payload.Length);
        Assert.Multiple(() =>
        {
            Assert.That(received, Is.EqualTo(data));
            Assert.That(sizes, Is.EqualTo(new[] { 1460, 1460, 1460, 620 }));
        });
    }

    [Test]
    public void BlockingCallInsideTheSimulationIsRefusedWithAnExplanation()
    {
        var w = World();
        var app = w.Sim.Start(() =>
        {
            w.Client.CreateSocket().Connect("server", 80);
            return Task.CompletedTask;
        });
        var e = Assert.Throws<InvalidOperationException>(() => w.Sim.Run());
        Assert.That(e!.Message, Does.Contain("Use ConnectAsync"));
    }

    [Test]
    public void AwaitingTheWallClockIsReportedAsNondeterministic()
    {
        var w = World();
        w.Sim.Start(async () =>
        {
            await Task.Delay(1);
            await w.Sim.Delay(TimeSpan.FromSeconds(1));
        });
        // Give the thread pool a moment to post its continuation back.
        var e = Assert.Throws<InvalidOperationException>(() =>
        {
            for (var i = 0; i < 200; i++)
            {
                w.Sim.Run();
                Thread.Sleep(5);
            }
        });
        Assert.That(e!.Message, Does.Contain("another thread"));
    }

    [Test]
    public void VirtualDelayResumesAtTheRightTime()
    {
        var w = World();
        TimeSpan woke = default;
        w.Sim.Start(async () =>
        {
            await w.Sim.Delay(TimeSpan.FromSeconds(3));
            woke = w.Sim.Now;
        });
        w.Sim.Run();
        Assert.That(woke, Is.EqualTo(TimeSpan.FromSeconds(3)));
    }

    [Test]
    public void AcceptWithNothingPendingWouldWaitForeverAndSaysSo()
    {
        var w = World();
        var e = Assert.Throws<InvalidOperationException>(() => w.Listener.Accept());
        Assert.That(e!.Message, Does.Contain("would wait forever"));
    }

    [Test]
    public void ClosingAConnectedSocketEndsThePeersStreamAfterTheData()
    {
        var w = World();
        var s = w.Client.CreateSocket();
        s.Connect("server", 80);
        var c = w.Listener.Accept();
        s.Send("bye"u8.ToArray());
        s.Close();
        var buffer = new byte[8];
        Assert.Multiple(() =>
        {
            Assert.That(c.Receive(buffer), Is.EqualTo(3), "the data written before Close arrives first");
            Assert.That(c.Receive(buffer), Is.Zero, "then the FIN: Receive returns 0");
        });
    }

    [Test]
    public void ClosingWithUnreadDataResetsThePeer()
    {
        var w = World();
        var s = w.Client.CreateSocket();
        s.Connect("server", 80);
        var c = w.Listener.Accept();
        c.Send("unread"u8.ToArray());
        w.Sim.RunFor(TimeSpan.FromSeconds(1));
        s.Close();
        var e = Assert.Throws<SocketException>(() => c.Receive(new byte[8]));
        Assert.That(e!.SocketErrorCode, Is.EqualTo(SocketError.ConnectionReset));
    }

    [Test]
    public void ShutdownSendIsAHalfCloseThatStillReceives()
    {
        var w = World();
        var s = w.Client.CreateSocket();
        s.Connect("server", 80);
        var c = w.Listener.Accept();
        s.Shutdown(SocketShutdown.Send);
        var buffer = new byte[8];
        Assert.That(c.Receive(buffer), Is.Zero, "the server sees the end of the client's stream");
        c.Send("late"u8.ToArray());
        Assert.Multiple(() =>
        {
            Assert.That(s.Receive(buffer), Is.EqualTo(4), "the half-closed client still receives");
            Assert.That(Assert.Throws<SocketException>(() => s.Send(buffer))!.SocketErrorCode, Is.EqualTo(SocketError.Shutdown));
        });
    }

    [Test]
    public void UsingAClosedSocketThrowsObjectDisposed()
    {
        var w = World();
        var s = w.Client.CreateSocket();
        s.Dispose();
        Assert.Throws<ObjectDisposedException>(() => s.Connect("server", 80));
    }

    [Test]
    public void MissingHandlerImplementationIsNamed()
    {
        var e = Assert.Throws<InvalidOperationException>(() => TcpHandlers.FromAssembly(typeof(Assert).Assembly));
        Assert.That(e!.Message, Does.Contain("IClientHandshake").And.Contain("01-client-handshake/ClientHandshake.cs"));
    }
}
