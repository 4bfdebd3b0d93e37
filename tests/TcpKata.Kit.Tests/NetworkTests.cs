using TcpKata.Engine;
using TcpKata.Tracing;

namespace TcpKata.Kit.Tests;

public sealed class NetworkTests
{
    private sealed class Sink(string name, uint address) : INetworkNode
    {
        public string Name { get; } = name;
        public uint Address { get; } = address;
        public List<(TimeSpan At, Segment Segment)> Received { get; } = [];
        public Func<TimeSpan> Clock { get; init; } = () => TimeSpan.Zero;
        public void Receive(in Segment segment) => Received.Add((Clock(), segment));
    }

    private static (Scheduler Scheduler, Network Network, Trace Trace, Sink From, Sink To) Wire(LinkOptions link, ulong seed = 1)
    {
        var scheduler = new Scheduler();
        var trace = new Trace();
        var network = new Network(scheduler, new DeterministicRandom(seed), trace) { DefaultLink = link };
        var from = new Sink("a", 1);
        var to = new Sink("b", 2) { Clock = () => scheduler.Now };
        network.Attach(from);
        network.Attach(to);
        return (scheduler, network, trace, from, to);
    }

    private static Segment Seg(TcpFlags flags, uint seq = 0) => new(new Endpoint(1, 1000), new Endpoint(2, 80), seq, default, flags, 100);

    private static void Drain(Scheduler s)
    {
        while (s.RunNext()) { }
    }

    [Test]
    public void SegmentArrivesAfterTheLinkDelay()
    {
        var w = Wire(LinkOptions.Lan with { Delay = TimeSpan.FromMilliseconds(25) });
        w.Network.Transmit(w.From, Seg(TcpFlags.Syn));
        Drain(w.Scheduler);
        Assert.That(w.To.Received.Single().At, Is.EqualTo(TimeSpan.FromMilliseconds(25)));
    }

    [Test]
    public void DropNthFaultDropsOnlyThatOccurrenceOfTheFlags()
    {
        var w = Wire(LinkOptions.Lan);
        w.Network.AddFault(Fault.Parse("drop a S. #2"));
        for (uint i = 0; i < 3; i++) w.Network.Transmit(w.From, Seg(TcpFlags.Syn | TcpFlags.Ack, i));
        w.Network.Transmit(w.From, Seg(TcpFlags.Syn, 9));
        Drain(w.Scheduler);
        Assert.Multiple(() =>
        {
            Assert.That(w.To.Received.Select(r => r.Segment.Seq.Value), Is.EqualTo(new uint[] { 0, 2, 9 }));
            Assert.That(w.Trace.Events.Count(e => e.Kind == TraceKind.Dropped), Is.EqualTo(1));
        });
    }

    [Test]
    public void DropAllFaultDropsEveryMatch()
    {
        var w = Wire(LinkOptions.Lan);
        w.Network.AddFault(Fault.DropAll("a", "."));
        for (uint i = 0; i < 5; i++) w.Network.Transmit(w.From, Seg(TcpFlags.Ack, i));
        w.Network.Transmit(w.From, Seg(TcpFlags.Fin | TcpFlags.Ack, 5));
        Drain(w.Scheduler);
        Assert.That(w.To.Received.Select(r => r.Segment.Seq.Value), Is.EqualTo(new uint[] { 5 }));
    }

    [Test]
    public void FaultsWatchOnlyTheNamedSender()
    {
        var w = Wire(LinkOptions.Lan);
        w.Network.AddFault(Fault.DropAll("b", "S"));
        w.Network.Transmit(w.From, Seg(TcpFlags.Syn));
        Drain(w.Scheduler);
        Assert.That(w.To.Received, Has.Count.EqualTo(1));
    }

    [Test]
    public void DelayFaultHoldsTheSegmentBackSoLaterOnesOvertakeIt()
    {
        var w = Wire(LinkOptions.Lan);
        w.Network.AddFault(Fault.Parse("delay a . #1 +1.5s"));
        w.Network.Transmit(w.From, Seg(TcpFlags.Ack, 1));
        w.Network.Transmit(w.From, Seg(TcpFlags.Ack, 2));
        Drain(w.Scheduler);
        Assert.Multiple(() =>
        {
            Assert.That(w.To.Received.Select(r => r.Segment.Seq.Value), Is.EqualTo(new uint[] { 2, 1 }));
            Assert.That(w.To.Received[1].At, Is.EqualTo(TimeSpan.FromMilliseconds(1510)));
        });
    }

    [Test]
    public void DuplicateFaultDeliversTwoCopies()
    {
        var w = Wire(LinkOptions.Lan);
        w.Network.AddFault(Fault.DuplicateNth("a", "F."));
        w.Network.Transmit(w.From, Seg(TcpFlags.Fin | TcpFlags.Ack, 7));
        Drain(w.Scheduler);
        Assert.That(w.To.Received.Select(r => r.Segment.Seq.Value), Is.EqualTo(new uint[] { 7, 7 }));
    }

    [TestCase("drop server", "expected ACTION HOST FLAGS")]
    [TestCase("explode server S #1", "ACTION is drop, delay or duplicate")]
    [TestCase("drop server S #0", "occurrences count from #1")]
    [TestCase("delay client . #1", "needs +DELAY")]
    public void MalformedFaultIsAnErrorThatSaysWhatIsWrong(string text, string expected)
    {
        var e = Assert.Throws<FormatException>(() => Fault.Parse(text));
        Assert.That(e!.Message, Does.Contain(expected));
    }

    [Test]
    public void FaultTextRoundTrips()
    {
        foreach (var text in new[] { "drop server S. #1", "drop client . all", "delay client F. #2 +1.5s", "duplicate server S #3" })
            Assert.That(Fault.Parse(text).ToString(), Is.EqualTo(text));
    }

    [TestCase(0.3)]
    public void RandomLossDropsAboutTheConfiguredShare(double loss)
    {
        var w = Wire(LinkOptions.Lan with { Loss = loss }, seed: 3);
        const int n = 10_000;
        for (uint i = 0; i < n; i++) w.Network.Transmit(w.From, Seg(TcpFlags.Ack, i));
        Drain(w.Scheduler);
        Assert.That(1.0 - w.To.Received.Count / (double)n, Is.EqualTo(loss).Within(0.02));
    }

    [Test]
    public void RandomDuplicationAddsAboutTheConfiguredShare()
    {
        var w = Wire(LinkOptions.Lan with { Duplication = 0.2 }, seed: 4);
        const int n = 10_000;
        for (uint i = 0; i < n; i++) w.Network.Transmit(w.From, Seg(TcpFlags.Ack, i));
        Drain(w.Scheduler);
        Assert.That(w.To.Received.Count / (double)n - 1.0, Is.EqualTo(0.2).Within(0.02));
    }

    [Test]
    public void RandomReorderingLetsLaterSegmentsOvertake()
    {
        var w = Wire(LinkOptions.Lan with { Reordering = 0.3 }, seed: 5);
        for (uint i = 0; i < 1000; i++)
        {
            w.Network.Transmit(w.From, Seg(TcpFlags.Ack, i));
            w.Scheduler.RunUntil(w.Scheduler.Now + TimeSpan.FromMilliseconds(1));
        }
        Drain(w.Scheduler);
        var order = w.To.Received.Select(r => r.Segment.Seq.Value).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(order, Is.EquivalentTo(Enumerable.Range(0, 1000).Select(i => (uint)i)), "nothing lost or duplicated");
            Assert.That(order, Is.Not.Ordered, "some segments arrive out of order");
        });
    }

    [Test]
    public void JitterSpreadsArrivalsWithinTheBound()
    {
        var w = Wire(LinkOptions.Lan with { Jitter = TimeSpan.FromMilliseconds(5) }, seed: 6);
        for (uint i = 0; i < 1000; i++) w.Network.Transmit(w.From, Seg(TcpFlags.Ack, i));
        Drain(w.Scheduler);
        var arrivals = w.To.Received.Select(r => r.At).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(arrivals.Min(), Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(10)));
            Assert.That(arrivals.Max(), Is.LessThanOrEqualTo(TimeSpan.FromMilliseconds(15)));
            Assert.That(arrivals.Distinct().Count(), Is.GreaterThan(100));
        });
    }

    [Test]
    public void SegmentToAnUnknownAddressIsDroppedAndTraced()
    {
        var w = Wire(LinkOptions.Lan);
        w.Network.Transmit(w.From, new Segment(new Endpoint(1, 1), new Endpoint(99, 80), 0u, default, TcpFlags.Syn, 0));
        Drain(w.Scheduler);
        Assert.That(w.Trace.Events.Single(e => e.Kind == TraceKind.Dropped).Text, Does.Contain("no host"));
    }

    [Test]
    public void ProbabilitiesOutsideZeroToOneAreRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Wire(LinkOptions.Lan with { Loss = 1.5 }));
}
