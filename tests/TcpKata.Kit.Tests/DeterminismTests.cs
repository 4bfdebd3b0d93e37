using System.Text;
using TcpKata.Scenarios;

namespace TcpKata.Kit.Tests;

/// <summary>Same seed, same code: byte-identical trace. Checked over many seeds on the roughest scenario.</summary>
public sealed class DeterminismTests
{
    private const int Seeds = 1000;

    [Test]
    public void SameSeedGivesByteIdenticalTracesOverManySeeds()
    {
        var lossy = HandshakeScenarios.Find("lossy")!;
        var distinct = new HashSet<string>();
        for (ulong seed = 1; seed <= Seeds; seed++)
        {
            var first = lossy.Run(Reference.Handlers(), seed).Trace.Render();
            var second = lossy.Run(Reference.Handlers(), seed).Trace.Render();
            if (!Encoding.UTF8.GetBytes(first).AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(second)))
                Assert.Fail($"seed {seed} gave two different traces; replay: dotnet run --project cli -p:Kata=Solutions -- trace lossy --seed {seed}\n"
                            + TcpKata.Testing.Snapshot.Diff(first, second));
            distinct.Add(first);
        }
        Assert.That(distinct, Has.Count.GreaterThan(Seeds / 2), "different seeds should mostly give different fates");
    }

    [Test]
    public void EveryLossyRunStillDeliversTheEcho()
    {
        var lossy = HandshakeScenarios.Find("lossy")!;
        for (ulong seed = 1; seed <= 200; seed++)
        {
            var trace = lossy.Run(Reference.Handlers(), seed).Trace.Render();
            Assert.That(trace, Does.Contain("echo complete: 4096 bytes"), $"seed {seed}:\n{trace}");
        }
    }

    [Test]
    public void TracingOffDoesNotChangeWhatHappens()
    {
        var lossy = HandshakeScenarios.Find("lossy")!;
        var traced = lossy.Run(Reference.Handlers(), 17);
        var silent = lossy.Run(Reference.Handlers(), 17, trace: false);
        Assert.Multiple(() =>
        {
            Assert.That(silent.Network.SegmentsDelivered, Is.EqualTo(traced.Network.SegmentsDelivered));
            Assert.That(silent.Now, Is.EqualTo(traced.Now));
        });
    }
}
