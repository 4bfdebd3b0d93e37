using BenchmarkDotNet.Attributes;
using TcpKata.Engine;

namespace TcpKata.Benchmarks;

/// <summary>Complete three-way handshakes through the whole kit with the reference handlers. One operation = one handshake.</summary>
[MemoryDiagnoser]
public class HandshakeBenchmark
{
    private const int Handshakes = 1000;
    private static readonly TcpHandlers Handlers = TcpHandlers.FromAssembly(typeof(global::TcpKata.Exercises.ClientHandshake).Assembly);

    [Benchmark(OperationsPerInvoke = Handshakes)]
    public int Handshake()
    {
        var sim = new Simulation(Handlers, seed: 1, link: LinkOptions.Lan);
        sim.Trace.Enabled = false;
        var server = sim.AddHost("server");
        var client = sim.AddHost("client");
        var listener = server.CreateSocket();
        listener.Bind(80);
        listener.Listen(Handshakes);
        var established = 0;
        for (var i = 0; i < Handshakes; i++)
        {
            var socket = client.CreateSocket();
            socket.Blocking = false;
            try
            {
                socket.Connect("server", 80);
            }
            catch (System.Net.Sockets.SocketException)
            {
                // InProgress: the SYN is on its way.
            }
        }
        sim.Run();
        foreach (var c in server.Connections) if (c.State == TcpState.Established) established++;
        if (established != Handshakes) throw new InvalidOperationException($"only {established} of {Handshakes} handshakes completed");
        return established;
    }
}
