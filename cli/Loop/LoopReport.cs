using System.Text.RegularExpressions;
using TcpKata.Engine;

namespace TcpKata.Cli.Loop;

/// <summary>
/// What a round of the loop prints: the compiler's errors as it prints them, or the TCPK findings and the failing tests
/// (one full message for each different failure, the repeats counted), the tally, and a closing "start here" block naming
/// the one failure to fix first.
/// </summary>
internal static partial class LoopReport
{
    /// <summary>Different failures printed in full (a script failure is a screen: segments, trace, ladder), then named in one line.</summary>
    private const int FullMessages = 2, NamedFailures = 10;

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
            output.WriteLine($"the tests did not run: {Count(round.Build.Errors.Count, "compiler error")} in exercises/");
            StartHere(output, round.Build.Errors[0], "fix the first compiler error; the ones after it often follow from it");
            return;
        }
        foreach (var finding in round.Build.Findings) output.WriteLine(finding);
        if (round.Build.Findings.Count > 0) output.WriteLine($"(TCPK findings are warnings about TCP, explained in docs/rules/; they do not stop the tests)");

        var failing = Failing(round);
        if (previous is { Build.Compiled: true }) WriteChanges(previous.Outcomes, round.Outcomes, output);
        else WriteFailures(failing, exercise, output, all);
        output.WriteLine();
        output.WriteLine($"{exercise.FilterWord}: {round.Outcomes.Count(o => o.Passed)} of {round.Outcomes.Count} passing");
        if (failing.Count == 0)
        {
            output.WriteLine(round.Outcomes.Count > 0 ? $"exercise {exercise.Slug} is done" : "no tests found for this exercise");
            return;
        }
        var first = failing[0];
        var handler = HandlerOf(first.Message, round.Files) is { } at ? $"{Environment.NewLine}  handler: {at}" : "";
        StartHere(output, $"{Short(first.FullName)}{Environment.NewLine}  {Gist(first.Message)}{handler}", Advice(first, exercise));
    }

    /// <summary>The round's failing tests, the one to fix first first (<see cref="Kind"/>'s order, then by name).</summary>
    internal static List<TestOutcome> Failing(LoopRound round) =>
        round.Outcomes.Where(o => !o.Passed).OrderBy(o => Kind(o, round.Exercise)).ThenBy(o => o.FullName, StringComparer.Ordinal).ToList();

    /// <summary>The handler a failure names (a broken contract, a stub), and where it is written: "ClientHandshake.OnConnect in exercises/01-client-handshake/ClientHandshake.cs:8".</summary>
    internal static string? HandlerOf(string message, IReadOnlyDictionary<string, string> files)
    {
        if (NamedHandler().Match(message) is not { Success: true } named) return null;
        var (type, member) = (named.Groups["type"].Value, named.Groups["member"].Value);
        foreach (var (file, text) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            if (!Regex.IsMatch(text, $@"\bclass\s+{type}\b")) continue;
            var lines = text.Split('\n');
            var line = Array.FindIndex(lines, l => Regex.IsMatch(l, $@"\b{member}\s*\("));
            return $"{type}.{member} in {file}{(line >= 0 ? $":{line + 1}" : "")}";
        }
        return $"{type}.{member}";
    }

    private static void WriteFailures(List<TestOutcome> failing, Exercise exercise, TextWriter output, bool all)
    {
        // Tests that fail the same way (the same stub, the same first line) are counted, not repeated.
        var groups = failing.GroupBy(o => all ? o.FullName : GroupOf(o.Message)).ToList();
        foreach (var (group, index) in groups.Select((g, i) => (g, i)))
        {
            var first = group.First();
            if (all || index < FullMessages)
            {
                output.WriteLine();
                output.WriteLine($"FAILED {Short(first.FullName)}");
                foreach (var line in Strip(first.Message).Split('\n')) output.WriteLine("  " + line.TrimEnd());
            }
            else if (index < FullMessages + NamedFailures)
            {
                if (index == FullMessages) output.WriteLine();
                output.WriteLine($"FAILED {Short(first.FullName)}: {Gist(first.Message)}");
            }
        }
        var repeated = groups.Take(FullMessages + NamedFailures).Sum(g => g.Count() - 1);
        var rest = groups.Skip(FullMessages + NamedFailures).Sum(g => g.Count());
        if (repeated > 0) output.WriteLine($"{Environment.NewLine}(and {Count(repeated, "more failing test")} that fail as one above does: the same stub, or the same first line)");
        if (rest > 0) output.WriteLine($"(and {Count(rest, "more failing test")} besides: tcpkata test {exercise.FilterWord} --all prints every one)");
    }

    /// <summary>Tests that started or stopped passing since the round before, with the first line of why.</summary>
    internal static void WriteChanges(IReadOnlyList<TestOutcome> previous, IReadOnlyList<TestOutcome> current, TextWriter output)
    {
        var before = previous.ToDictionary(o => o.FullName, o => o.Passed);
        var changed = 0;
        foreach (var o in current)
        {
            var was = before.TryGetValue(o.FullName, out var p) ? p : (bool?)null;
            if (o.Passed == was) continue;
            if (o.Passed && was is null) continue; // a new test that passes says nothing
            changed++;
            output.WriteLine(o.Passed ? $"  now passing: {Short(o.FullName)}" : $"  now failing: {Short(o.FullName)}: {Gist(o.Message)}");
        }
        if (changed == 0) output.WriteLine("  no test changed");
    }

    private static void StartHere(TextWriter output, string what, string advice)
    {
        output.WriteLine();
        output.WriteLine("── start here ──");
        output.WriteLine(what);
        output.WriteLine("  " + advice);
    }

    private static string Advice(TestOutcome first, Exercise exercise) => Kind(first, exercise) switch
    {
        FailureKind.EarlierStub => "this exercise's tests run an earlier exercise's handlers: finish that one first",
        FailureKind.Contract => "this handler broke a rule of its contract the moment it returned: fix it first, the other failures often follow from it",
        FailureKind.OwnStub => "write this handler: the message says what it must do and what to read",
        FailureKind.LaterStub => "this test reached a later exercise's stub: an earlier step of yours did not end where it should (a state, SND.NXT, a close)",
        FailureKind.Script => "the script line named first is where your connection first differed from what the peer expects",
        _ => "the message says what was expected and what your handlers did",
    };

    private enum FailureKind { EarlierStub, Contract, Script, Other, OwnStub, LaterStub }

    [GeneratedRegex(@"(handler contract|not implemented yet): (?<type>\w+)\.(?<member>\w+)")]
    private static partial Regex NamedHandler();

    // The failure to read first, in this order: an earlier exercise's stub (this one's tests run its handlers); a broken
    // handler contract names the cause; a script names the first wrong segment; a stub of this exercise says what to
    // write; a later exercise's stub is only where a wrong earlier step led.

    private static FailureKind Kind(TestOutcome outcome, Exercise exercise)
    {
        var message = Strip(outcome.Message);
        if (message.Contains("handler contract", StringComparison.Ordinal)) return FailureKind.Contract;
        if (NotImplementedFile().Match(message) is { Success: true } stub)
        {
            // exercises/02-server-handshake/...: the slugs sort in the order students work.
            var file = stub.Groups["file"].Value;
            if (exercise.SolutionFiles.Contains(file)) return FailureKind.OwnStub;
            return string.CompareOrdinal(file, "exercises/" + exercise.Slug) < 0 ? FailureKind.EarlierStub : FailureKind.LaterStub;
        }
        if (ScriptLine().IsMatch(message)) return FailureKind.Script;
        return FailureKind.Other;
    }

    // What tells two failures apart: the stub a test ran into (whichever script line reached it), else the first line.
    private static string GroupOf(string message) =>
        NotImplementedHandler().Match(message) is { Success: true } stub ? stub.Value : Gist(message);

    [GeneratedRegex(@"not implemented yet: [\w.]+")]
    private static partial Regex NotImplementedHandler();

    /// <summary>A failure's first line, without the exception's type name.</summary>
    internal static string Gist(string message) => Strip(message).Split('\n')[0].Trim();

    // "TcpKata.Scripts.PktFailure : file.pkt:6: ..." reads better without the exception's type name.
    private static string Strip(string message) => ExceptionPrefix().Replace(message.Trim(), "");

    // ClientHandshakeTests.SynSent_SynAck_... : the namespace is the exercise being run.
    private static string Short(string fullName) => TestNamespace().Replace(fullName, "");

    private static string Count(int n, string what) => n == 1 ? $"1 {what}" : $"{n} {what}s";

    [GeneratedRegex(@"not implemented yet: .*?edit (?<file>\S+?\.cs)\.", RegexOptions.Singleline)]
    private static partial Regex NotImplementedFile();

    [GeneratedRegex(@"^\S+\.pkt:\d+:")]
    private static partial Regex ScriptLine();

    [GeneratedRegex(@"^[\w.]+(Exception|Failure) : ")]
    private static partial Regex ExceptionPrefix();

    [GeneratedRegex(@"^TcpKata\.Tests\.\w+\.")]
    private static partial Regex TestNamespace();
}
