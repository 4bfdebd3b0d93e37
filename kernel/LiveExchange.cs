using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using TcpKata.Engine;
using TcpKata.Tracing;
using Stopwatch = System.Diagnostics.Stopwatch;

namespace TcpKata.Kernel;

/// <summary>Who opens the connection in a live exchange.</summary>
public enum LiveDirection
{
    /// <summary>The kit's client connects to a Linux socket listening in the namespace.</summary>
    KitConnects,

    /// <summary>A Linux client in the namespace connects to the kit's listening server.</summary>
    LinuxConnects,
}

/// <summary>What a live exchange did: the trace (the kit's host "kit", the kernel "linux"), and whether the handshake,
/// the echo and the close all happened within the time allowed.</summary>
public sealed record LiveResult(Trace Trace, bool Completed, string Outcome);

/// <summary>
/// <c>tcpkata live</c>: the kit's TCP (your handlers, or the reference) and this machine's Linux TCP talk for real. The
/// kit's host "kit" (192.0.2.1) sits behind tun0; Linux's sockets are in the namespace (192.168.0.1). A client connects,
/// sends "hello", reads the echo and closes; the server echoes and closes when it reads the end. Real time: the kit's
/// clock is moved with the wall clock, so nothing here is deterministic, and none of it is part of the tests' world.
/// </summary>
public static class LiveExchange
{
    public const ushort Port = 8080;
    private static readonly byte[] Message = "hello"u8.ToArray();

    public static LiveResult Run(TcpHandlers handlers, LiveDirection direction, TcpLimits limits, TimeSpan timeLimit)
    {
        using var network = PrivateNetwork.Create(KernelSettings.Probe(KernelSettings.Defaults).Applied);
        var sim = new Simulation(handlers, seed: (ulong)Environment.TickCount64, link: LinkOptions.Instant, limits: limits);
        var kit = sim.AddHost("kit", PrivateNetwork.RemoteAddress);
        var linux = new KernelNode(network);
        sim.Network.Attach(linux);
        var story = new ConcurrentQueue<string>(); // what the Linux side's threads did, added to the trace by the pump
        var (kitApp, linuxApp) = direction == LiveDirection.KitConnects
            ? (KitClient(sim, kit), LinuxServer(network, story))
            : (KitServer(sim, kit), LinuxClient(network, story));
        var clock = Stopwatch.StartNew();
        bool Done() => kitApp.IsCompleted && linuxApp.IsCompleted && kit.Connections.All(c => c.State is TcpState.Closed or TcpState.TimeWait);
        while (!Done() && clock.Elapsed < timeLimit)
        {
            sim.RunUntil(clock.Elapsed);
            while (story.TryDequeue(out var line)) sim.Trace.Add(new TraceEvent(sim.Now, TraceKind.App, "linux", line));
            var next = sim.Scheduler.NextEventTime is { } due ? due - clock.Elapsed : TimeSpan.FromMilliseconds(20);
            var wait = next < TimeSpan.Zero ? TimeSpan.Zero : next > TimeSpan.FromMilliseconds(20) ? TimeSpan.FromMilliseconds(20) : next;
            if (network.TryCapture(wait) is { } packet)
            {
                sim.RunUntil(clock.Elapsed);
                sim.Network.Transmit(linux, packet.Segment);
            }
        }
        sim.RunUntil(clock.Elapsed);
        while (story.TryDequeue(out var last)) sim.Trace.Add(new TraceEvent(sim.Now, TraceKind.App, "linux", last));
        var failure = kitApp.Exception?.InnerException?.Message ?? linuxApp.Exception?.InnerException?.Message;
        var states = string.Join(", ", kit.Connections.Select(c => c.State.ToTraceName()));
        return Done() && failure is null
            ? new LiveResult(sim.Trace, true, "handshake, echo and close completed" + (states.Length > 0 ? $"; the kit's connection is {states}" : ""))
            : new LiveResult(sim.Trace, false, failure ?? $"not finished after {timeLimit.TotalSeconds} s" + (states.Length > 0 ? $"; the kit's connection is {states}" : ""));
    }

    private static Task KitClient(Simulation sim, TcpHost kit) => sim.Start(async () =>
    {
        var socket = kit.CreateSocket();
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Parse(PrivateNetwork.LocalAddress), Port));
        kit.Log("connected to linux.8080");
        socket.Send(Message);
        var echo = await ReadAll(socket, Message.Length);
        kit.Log($"read the echo \"{Encoding.ASCII.GetString(echo)}\"; close()");
        socket.Close();
    });

    private static Task KitServer(Simulation sim, TcpHost kit)
    {
        var listener = kit.CreateSocket();
        listener.Bind(Port);
        listener.Listen(1);
        return sim.Start(async () =>
        {
            var connection = await listener.AcceptAsync();
            kit.Log("accepted a connection from linux");
            var buffer = new byte[4096];
            int n;
            while ((n = await connection.ReceiveAsync(buffer)) > 0) connection.Send(buffer.AsSpan(0, n));
            kit.Log("read 0 (linux's FIN); close()");
            connection.Close();
            listener.Close();
        });
    }

    private static async Task<byte[]> ReadAll(TcpSocket socket, int count)
    {
        var buffer = new byte[count];
        var received = 0;
        while (received < count && await socket.ReceiveAsync(buffer.AsMemory(received)) is var n and > 0) received += n;
        return buffer[..received];
    }

    private static Task LinuxServer(PrivateNetwork network, ConcurrentQueue<string> story)
    {
        var listener = network.Inside(() =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Parse(PrivateNetwork.LocalAddress), Port));
            socket.Listen(1);
            return socket;
        });
        story.Enqueue("listen(8080)");
        return Task.Factory.StartNew(() =>
        {
            using var _ = listener;
            using var connection = listener.Accept();
            story.Enqueue("accept() returned");
            var buffer = new byte[4096];
            int n;
            while ((n = connection.Receive(buffer)) > 0) connection.Send(buffer.AsSpan(0, n));
            story.Enqueue("read 0 (the kit's FIN); close()");
        }, TaskCreationOptions.LongRunning);
    }

    private static Task LinuxClient(PrivateNetwork network, ConcurrentQueue<string> story)
    {
        var socket = network.Inside(() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        return Task.Factory.StartNew(() =>
        {
            using var _ = socket;
            socket.Connect(new IPEndPoint(IPAddress.Parse(PrivateNetwork.RemoteAddress), Port));
            story.Enqueue("connect() returned");
            socket.Send(Message);
            var echo = new byte[Message.Length];
            var received = 0;
            while (received < echo.Length && socket.Receive(echo.AsSpan(received)) is var n and > 0) received += n;
            story.Enqueue($"read the echo \"{Encoding.ASCII.GetString(echo, 0, received)}\"; close()");
        }, TaskCreationOptions.LongRunning);
    }

    /// <summary>The kernel as a node of the kit's network: what the kit sends it goes into tun0.</summary>
    private sealed class KernelNode(PrivateNetwork network) : INetworkNode
    {
        public string Name => "linux";
        public uint Address { get; } = Endpoint.ParseAddress(PrivateNetwork.LocalAddress);

        public void Receive(in Segment segment) =>
            network.Inject(new TcpPacket(segment, segment.Mss != 0 ? [new TcpOption(TcpOption.Mss, [(byte)(segment.Mss >> 8), (byte)segment.Mss])] : []));
    }
}
