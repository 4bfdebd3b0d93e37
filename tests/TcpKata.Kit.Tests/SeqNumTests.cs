using TcpKata.Engine;

namespace TcpKata.Kit.Tests;

public sealed class SeqNumTests
{
    [TestCase(0u, 1u)]
    [TestCase(4294967295u, 0u)]          // wraps: 2^32 - 1 is before 0
    [TestCase(4294967000u, 100u)]
    [TestCase(0u, 2147483647u)]          // just under half the space ahead
    public void LessThanHoldsAcrossTheWrap(uint a, uint b)
    {
        SeqNum x = a, y = b;
        Assert.Multiple(() =>
        {
            Assert.That(x < y, Is.True);
            Assert.That(y > x, Is.True);
            Assert.That(x <= y && !(x >= y), Is.True);
        });
    }

    [Test]
    public void AdditionWrapsModulo2To32()
    {
        SeqNum isn = uint.MaxValue;
        Assert.Multiple(() =>
        {
            Assert.That((isn + 1).Value, Is.Zero);
            Assert.That((isn + 1) - isn, Is.EqualTo(1));
            Assert.That(isn - (isn + 10), Is.EqualTo(-10));
            Assert.That(((SeqNum)5u - 10).Value, Is.EqualTo(uint.MaxValue - 4));
        });
    }

    [Test]
    public void OrderingAgreesWithDistanceForManyRandomPairs()
    {
        var random = new DeterministicRandom(42);
        for (var i = 0; i < 10_000; i++)
        {
            SeqNum a = random.NextUInt32();
            var step = (int)(random.NextUInt32() % int.MaxValue) + 1;
            var b = a + step;
            Assert.That(a < b && b > a && b - a == step, $"a={a} step={step}");
        }
    }

    [Test]
    public void AcceptableAckRangeExcludesLowAndIncludesHigh()
    {
        SeqNum una = uint.MaxValue - 1, nxt = 2u;
        Assert.Multiple(() =>
        {
            Assert.That(((SeqNum)uint.MaxValue).IsAfterAndAtMost(una, nxt), Is.True);
            Assert.That(((SeqNum)2u).IsAfterAndAtMost(una, nxt), Is.True);
            Assert.That(una.IsAfterAndAtMost(una, nxt), Is.False);
            Assert.That(((SeqNum)3u).IsAfterAndAtMost(una, nxt), Is.False);
        });
    }

    [Test]
    public void SegmentLengthCountsSynAndFin()
    {
        var ends = new Endpoint(1, 1);
        Assert.Multiple(() =>
        {
            Assert.That(new Segment(ends, ends, 10u, default, TcpFlags.Syn, 0).Length, Is.EqualTo(1));
            Assert.That(new Segment(ends, ends, 10u, default, TcpFlags.Fin | TcpFlags.Ack, 0, payload: new byte[5]).Length, Is.EqualTo(6));
            Assert.That(new Segment(ends, ends, 10u, default, TcpFlags.Ack, 0).End, Is.EqualTo((SeqNum)10u));
        });
    }

    [TestCase("S.", TcpFlags.Syn | TcpFlags.Ack)]
    [TestCase(".", TcpFlags.Ack)]
    [TestCase("FP.", TcpFlags.Fin | TcpFlags.Psh | TcpFlags.Ack)]
    [TestCase("R", TcpFlags.Rst)]
    [TestCase("-", TcpFlags.None)]
    public void TcpdumpFlagNotationRoundTrips(string text, TcpFlags flags)
    {
        Assert.That(TcpFlagsNotation.TryParse(text, out var parsed, out _), Is.True);
        Assert.That(parsed, Is.EqualTo(flags));
        if (flags != TcpFlags.None) Assert.That(TcpFlagsNotation.TryParse(flags.ToTcpdump(), out var back, out _) && back == flags);
    }
}
