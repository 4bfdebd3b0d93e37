using BenchmarkDotNet.Attributes;
using TcpKata.Engine;
using TcpKata.Tracing;

namespace TcpKata.Benchmarks;

/// <summary>
/// The network's hot path: transmit a segment, schedule its delivery, run the event, hand it to the
/// receiving node. One operation = one delivered segment; MemoryDiagnoser shows bytes per delivery.
/// </summary>
[MemoryDiagnoser]
public class SegmentDeliveryBenchmark
{
    private const int Segments = 100_000;

    private sealed class Sink(string name, uint address) : INetworkNode
    {
        public string Name { get; } = name;
        public uint Address { get; } = address;
        public long Count;
        public void Receive(in Segment segment) => Count++;
    }

    private Scheduler _scheduler = null!;
    private Network _network = null!;
    private Sink _from = null!;
    private Segment _segment;

    [Params(false, true)]
    public bool Jitter { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _scheduler = new Scheduler();
        var trace = new Trace { Enabled = false };
        _network = new Network(_scheduler, new DeterministicRandom(1), trace)
        {
            DefaultLink = Jitter ? LinkOptions.Lan with { Jitter = TimeSpan.FromMilliseconds(5) } : LinkOptions.Lan,
        };
        _from = new Sink("a", 1);
        _network.Attach(_from);
        _network.Attach(new Sink("b", 2));
        _segment = new Segment(new Endpoint(1, 49152), new Endpoint(2, 80), 1000u, 2000u, TcpFlags.Ack | TcpFlags.Psh, 65535,
            payload: new byte[100]);
        Deliver(); // warm the queue to its working size
    }

    [Benchmark(OperationsPerInvoke = Segments)]
    public void Deliver()
    {
        for (var i = 0; i < Segments; i++)
        {
            _network.Transmit(_from, _segment);
            // Keep ~64 segments in flight, like a window's worth, so the heap has real work.
            if (_scheduler.Pending > 64) _scheduler.RunNext();
        }
        while (_scheduler.RunNext()) { }
    }
}
