using System.CommandLine;
using TcpKata.Scenarios;

namespace TcpKata.Cli;

/// <summary><c>tcpkata chaos [--seeds N]</c>: whole connections over 0–30 % loss, duplication and reordering, seed after seed.</summary>
internal static class ChaosCommand
{
    public static Command Create()
    {
        var seeds = new Option<int>("--seeds") { Description = "how many seeds to run per workload", DefaultValueFactory = _ => 2000 };
        var first = new Option<ulong>("--first-seed") { Description = "the first seed", DefaultValueFactory = _ => 1 };
        var workload = new Option<string?>("--workload") { Description = $"run one workload only: {string.Join(", ", ChaosWorkloads.All.Select(w => w.Name))}" };
        var command = new Command("chaos", "Run every chaos workload over many seeds and check: every connection ends CLOSED, every byte arrives once and in order, and a seed replays the same trace.")
        {
            seeds, first, workload,
        };
        command.SetAction(parsed =>
        {
            var output = parsed.InvocationConfiguration.Output;
            var error = parsed.InvocationConfiguration.Error;
            var count = parsed.GetValue(seeds);
            if (count < 1)
            {
                error.WriteLine("tcpkata: --seeds must be at least 1");
                return Cli.Usage;
            }
            var name = parsed.GetValue(workload);
            var selected = name is null ? ChaosWorkloads.All : ChaosWorkloads.Find(name) is { } one ? [one] : null;
            if (selected is null)
            {
                error.WriteLine($"tcpkata: unknown workload '{name}'. Workloads: {string.Join(", ", ChaosWorkloads.All.Select(w => w.Name))}");
                return Cli.Usage;
            }
            var start = parsed.GetValue(first);
            var failed = 0;
            try
            {
                foreach (var w in selected)
                {
                    var bad = 0;
                    for (var seed = start; seed < start + (ulong)count; seed++)
                    {
                        var outcome = w.Run(Cli.Handlers(), seed);
                        var problems = outcome.Problems.ToList();
                        // Determinism: the same seed must replay the same trace.
                        if (w.Run(Cli.Handlers(), seed).Simulation.Trace.Render() != outcome.Simulation.Trace.Render())
                            problems.Add("the same seed gave a different trace");
                        if (problems.Count == 0) continue;
                        bad++;
                        output.WriteLine($"FAIL {w.Name} seed {seed}: {string.Join("; ", problems)}");
                        output.WriteLine($"     replay: dotnet run --project cli -- trace {w.Name} --seed {seed} --html {w.Name}-{seed}.html   (then open the page)");
                    }
                    output.WriteLine($"{w.Name}: {count - bad} of {count} seeds passed");
                    failed += bad;
                }
            }
            catch (NotImplementedYetException e)
            {
                error.WriteLine(e.Message);
                return Cli.Failed;
            }
            return failed > 0 ? Cli.Failed : Cli.Ok;
        });
        return command;
    }
}
