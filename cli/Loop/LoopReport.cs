using TcpKata.Engine;
using TcpKata.Feedback;

namespace TcpKata.Cli.Loop;

/// <summary>
/// What a round of the loop prints: the compiler's errors as it prints them, or the TCPK findings and the failures as
/// <see cref="FailureReport"/> tells them (the same as <c>dotnet test</c>), the tally, and the closing "start here" block.
/// </summary>
internal static class LoopReport
{
    /// <param name="round">What was compiled and run.</param>
    /// <param name="output">Where to write.</param>
    /// <param name="all">Every failing test's message in full.</param>
    /// <param name="previous">The round before (watch): then only what changed since is listed, not every failure.</param>
    public static void Write(LoopRound round, TextWriter output, bool all = false, LoopRound? previous = null)
    {
        var exercise = round.Exercise;
        if (!round.Build.Compiled)
        {
            foreach (var error in round.Build.Errors) output.WriteLine(error);
            output.WriteLine();
            output.WriteLine($"the tests did not run: {FailureReport.Count(round.Build.Errors.Count, "compiler error")} in exercises/");
            FailureReport.StartHere(output, round.Build.Errors[0], "fix the first compiler error; the ones after it often follow from it");
            return;
        }
        foreach (var finding in round.Build.Findings) output.WriteLine(finding);
        if (round.Build.Findings.Count > 0) output.WriteLine("(TCPK findings are warnings about TCP, explained in docs/rules/; they do not stop the tests)");

        var failing = Failing(round);
        if (previous is { Build.Compiled: true }) WriteChanges(previous.Outcomes, round.Outcomes, output);
        else FailureReport.WriteFailures(failing, output, all, $"tcpkata test {exercise.FilterWord} --all");
        output.WriteLine();
        output.WriteLine($"{exercise.FilterWord}: {round.Outcomes.Count(o => o.Passed)} of {round.Outcomes.Count} passing");
        if (failing.Count == 0)
        {
            output.WriteLine(round.Outcomes.Count > 0 ? $"exercise {exercise.Slug} is done" : "no tests found for this exercise");
            return;
        }
        FailureReport.WriteStartHere(output, failing[0], round.Files);
    }

    /// <summary>The round's failing tests, the one to fix first first.</summary>
    internal static List<Outcome> Failing(LoopRound round) => FailureReport.Failing(round.Outcomes.Select(o => new Outcome(o.FullName, o.Passed, o.Message)));

    /// <summary>Tests that started or stopped passing since the round before, with the first line of why.</summary>
    internal static void WriteChanges(IReadOnlyList<TestOutcome> previous, IReadOnlyList<TestOutcome> current, TextWriter output)
    {
        var before = previous.ToDictionary(o => o.FullName, o => o.Passed);
        var changed = 0;
        foreach (var o in current)
        {
            var was = before.TryGetValue(o.FullName, out var p) ? p : (bool?)null;
            if (o.Passed == was || (o.Passed && was is null)) continue; // a new test that passes says nothing
            changed++;
            output.WriteLine(o.Passed
                ? $"  now passing: {FailureReport.Short(o.FullName)}"
                : $"  now failing: {FailureReport.Short(o.FullName)}: {FailureReport.Gist(o.Message)}");
        }
        if (changed == 0) output.WriteLine("  no test changed");
    }
}
