using TcpKata.Kernel;
using TcpKata.Scripts;
using TcpKata.Tracing;

namespace TcpKata.Cli;

/// <summary>
/// <c>tcpkata pkt --compare FILE...</c>: each script played by the kit (your handlers or the reference, with the profile
/// chosen) and by this machine's Linux; where the two differ, the verdicts, the first segment that differs and both
/// ladders side by side. Exit 0 when every script gets the same verdict and the same segments from both.
/// </summary>
internal static class PktComparison
{
    private sealed record Outcome(Trace Trace, PktFailure? Failure)
    {
        public string Verdict => Failure is null ? "passes" : $"fails at line {Failure.Line}: {Failure.Problem}";

        public string Both => Failure is null ? "pass" : $"fail at line {Failure.Line}";

        public static Outcome Of(Func<Trace> run)
        {
            try
            {
                return new Outcome(run(), null);
            }
            catch (PktFailure failure)
            {
                return new Outcome(failure.Trace ?? new Trace(), failure);
            }
        }
    }

    public static int Run(IEnumerable<FileInfo> files, PktRunOptions kitOptions, KernelRunOptions kernelOptions, TextWriter output, TextWriter error)
    {
        int same = 0, different = 0, broken = 0;
        var kitName = $"the kit (profile {kitOptions.Profile.Name})";
        var linuxName = PrivateNetwork.KernelVersion;
        foreach (var file in files)
        {
            var name = Path.GetRelativePath(Environment.CurrentDirectory, file.FullName);
            try
            {
                var script = PktParser.Parse(File.ReadAllText(file.FullName), name);
                var kit = Outcome.Of(() => PktRunner.Run(script, Cli.Handlers(), kitOptions).Simulation.Trace);
                var linux = Outcome.Of(() => KernelPktRunner.Run(script, kernelOptions).Trace);
                var difference = LadderComparison.FirstDifference(kit.Trace, linux.Trace, "local", "remote");
                if (difference is null && kit.Failure?.Line == linux.Failure?.Line)
                {
                    output.WriteLine($"SAME {name}: both {kit.Both}, with the same {LadderComparison.Segments(kit.Trace, "local", "remote").Count} segments");
                    same++;
                    continue;
                }
                different++;
                output.WriteLine($"DIFF {name}");
                output.WriteLine($"  {kitName}: {kit.Verdict}");
                output.WriteLine($"  {linuxName}: {linux.Verdict}");
                if (difference is { } i) output.WriteLine("  first difference: " + Describe(i, kit.Trace, kitName, linux.Trace, linuxName));
                output.Write(LadderComparison.RenderSideBySide(kit.Trace, kitName, linux.Trace, linuxName, "local", "remote", difference));
            }
            catch (PktSyntaxException e)
            {
                error.WriteLine($"ERROR {e.Message}");
                broken++;
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException or IOException)
            {
                error.WriteLine($"ERROR {name}: {e.Message}");
                broken++;
            }
        }
        output.WriteLine($"{same} the same, {different} different" + (broken > 0 ? $", {broken} could not be read" : ""));
        return broken > 0 ? Cli.Usage : different > 0 ? Cli.Failed : Cli.Ok;
    }

    private static string Describe(int index, Trace a, string nameA, Trace b, string nameB)
    {
        static string One(List<LadderComparison.LadderSegment> segments, int i) =>
            i < segments.Count ? $"{segments[i].From} sends {segments[i].Label} at {Trace.FormatTime(segments[i].Time)}s" : "nothing more";
        var (x, y) = (LadderComparison.Segments(a, "local", "remote"), LadderComparison.Segments(b, "local", "remote"));
        return $"segment {index + 1}: in {nameA} {One(x, index)}; in {nameB} {One(y, index)} (marked ≠ below)";
    }
}
