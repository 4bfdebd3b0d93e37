using TcpKata.Scenarios;

namespace TcpKata.Kit.Tests;

/// <summary>
/// The reference solutions over many seeds with loss, duplication and reordering up to 30 %.
/// CI runs 2,000 seeds per workload; for 10,000: dotnet run --project cli -p:Kata=Solutions -- chaos --seeds 10000
/// </summary>
public sealed class ChaosTests
{
    private const int Seeds = 2000;

    private static IEnumerable<TestCaseData> Workloads() => ChaosWorkloads.All.Select(w => new TestCaseData(w.Name).SetArgDisplayNames(w.Name));

    [TestCaseSource(nameof(Workloads))]
    public void EveryConnectionEndsClosedAndEveryStreamArrivesExactlyOnceInOrder(string name)
    {
        var workload = ChaosWorkloads.Find(name)!;
        var failures = new List<string>();
        for (ulong seed = 1; seed <= Seeds && failures.Count < 5; seed++)
        {
            var outcome = workload.Run(Reference.Handlers(), seed, trace: false);
            if (!outcome.Passed)
                failures.Add($"seed {seed}: {string.Join("; ", outcome.Problems)}\n  replay: dotnet run --project cli -p:Kata=Solutions -- trace {name} --seed {seed}");
        }
        Assert.That(failures, Is.Empty, string.Join("\n", failures));
    }

    [TestCaseSource(nameof(Workloads))]
    public void SameSeedGivesTheSameTrace(string name)
    {
        var workload = ChaosWorkloads.Find(name)!;
        for (ulong seed = 1; seed <= Seeds; seed += 10)
        {
            var first = workload.Run(Reference.Handlers(), seed).Simulation.Trace.Render();
            var second = workload.Run(Reference.Handlers(), seed).Simulation.Trace.Render();
            Assert.That(second, Is.EqualTo(first), $"seed {seed} is not reproducible");
        }
    }

    [Test]
    public void ImpairmentsReachThirtyPercent()
    {
        var links = Enumerable.Range(1, 2000).Select(s => ChaosWorkload.LinkFor((ulong)s)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(links.Max(l => l.Loss), Is.GreaterThan(0.29).And.LessThanOrEqualTo(0.30));
            Assert.That(links.Max(l => l.Duplication), Is.GreaterThan(0.29));
            Assert.That(links.Max(l => l.Reordering), Is.GreaterThan(0.29));
        });
    }

    [Test]
    public void TheLedgerCatchesADuplicatedOrMissingByte()
    {
        var ledger = new StreamLedger();
        ledger.Sent("s", [1, 2, 3]);
        ledger.Received("s", [1, 2, 2]);
        var other = new StreamLedger();
        other.Sent("t", [1, 2, 3]);
        other.Received("t", [1, 2]);
        other.Completed("t");
        Assert.Multiple(() =>
        {
            Assert.That(ledger.Check().Single(), Does.Contain("not the next bytes sent"));
            Assert.That(other.Check().Single(), Does.Contain("ended after 2 of 3 bytes"));
        });
    }
}
