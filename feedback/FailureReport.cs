using System.Text.RegularExpressions;

namespace TcpKata.Feedback;

/// <summary>A test's result, as any runner reports it: NUnit's full name, whether it passed, and its message.</summary>
public sealed record Outcome(string FullName, bool Passed, string Message);

/// <summary>
/// How a run's failures are told to a student, by <c>tcpkata test</c>/<c>watch</c> and by <c>dotnet test</c>: the failures
/// in the order to fix them, one full message for each different failure (the same stub or the same first line counts
/// once), the rest counted, and a closing "start here" block naming the one to fix first and the handler behind it.
/// </summary>
public static partial class FailureReport
{
    /// <summary>Different failures printed in full, then named in one line each, before the rest are only counted.</summary>
    private const int FullMessages = 2, NamedFailures = 10;

    /// <summary>
    /// The failing outcomes, the one to fix first first: the earliest exercise's, and within it an earlier exercise's stub
    /// (this one's tests run its handlers), then a broken handler contract (it names the cause), a script (it names the
    /// first wrong segment), any other failure, this exercise's stub (it says what to write), and last a later
    /// exercise's stub (only where a wrong earlier step led).
    /// </summary>
    public static List<Outcome> Failing(IEnumerable<Outcome> outcomes) =>
        outcomes.Where(o => !o.Passed)
            .OrderBy(o => ExerciseOf(o.FullName)).ThenBy(Kind).ThenBy(o => o.FullName, StringComparer.Ordinal)
            .ToList();

    /// <summary>The failures, one full message for each different one (stubs may be many tests, or big ones, or all messages in full with <paramref name="all"/>).</summary>
    public static void WriteFailures(IReadOnlyList<Outcome> failing, TextWriter output, bool all, string allCommand)
    {
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
        if (rest > 0) output.WriteLine($"(and {Count(rest, "more failing test")} besides: {allCommand} prints every one)");
    }

    /// <summary>
    /// The closing block: the failure to fix first, its first line, the handler it names and where that is written, and
    /// what to do. <paramref name="files"/> (repository-relative path to content) are where the handler is looked for.
    /// </summary>
    public static void WriteStartHere(TextWriter output, Outcome first, IReadOnlyDictionary<string, string> files)
    {
        var handler = HandlerOf(first.Message, files) is { } at ? $"{Environment.NewLine}  handler: {at}" : "";
        var explorer = ExplorerOf(first.Message) is { } page ? $"{Environment.NewLine}  step through it: {page}" : "";
        StartHere(output, $"{Short(first.FullName)}{Environment.NewLine}  {Gist(first.Message)}{handler}{explorer}", Advice(first));
    }

    /// <summary>The trace explorer page a failure wrote (tests/Shared/FailurePage.cs names it on an "explorer:" line), if any.</summary>
    public static string? ExplorerOf(string message) => ExplorerLine().Match(message) is { Success: true } m ? m.Groups["path"].Value : null;

    /// <summary>A "start here" block for anything: what to look at, and what to do.</summary>
    public static void StartHere(TextWriter output, string what, string advice)
    {
        output.WriteLine();
        output.WriteLine("── start here ──");
        output.WriteLine(what);
        output.WriteLine("  " + advice);
    }

    /// <summary>The handler a failure names (a broken contract, a stub), and where it is written: "ClientHandshake.OnConnect in exercises/01-client-handshake/ClientHandshake.cs:8".</summary>
    public static string? HandlerOf(string message, IReadOnlyDictionary<string, string> files)
    {
        if (NamedHandler().Match(message) is not { Success: true } named) return null;
        var (type, member) = (named.Groups["type"].Value, named.Groups["member"].Value);
        foreach (var (file, text) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            if (!Regex.IsMatch(text, $@"\bclass\s+{type}\b")) continue;
            var line = Array.FindIndex(text.Split('\n'), l => Regex.IsMatch(l, $@"\b{member}\s*\("));
            return $"{type}.{member} in {file}{(line >= 0 ? $":{line + 1}" : "")}";
        }
        return $"{type}.{member}";
    }

    /// <summary>The exercise files under <paramref name="root"/>/exercises (repository-relative path to content), where handlers are looked for.</summary>
    public static Dictionary<string, string> ExerciseFiles(string root)
    {
        var folder = Path.Combine(root, "exercises");
        if (!Directory.Exists(folder)) return [];
        return Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => !f.Split('/').Any(part => part is "bin" or "obj"))
            .ToDictionary(f => f, f => File.ReadAllText(Path.Combine(root, f)));
    }

    private enum FailureKind { EarlierStub, Contract, Script, Other, OwnStub, LaterStub }

    private static FailureKind Kind(Outcome outcome)
    {
        var message = Strip(outcome.Message);
        if (message.Contains("handler contract", StringComparison.Ordinal)) return FailureKind.Contract;
        if (StubFile().Match(message) is { Success: true } stub)
        {
            var stubExercise = int.Parse(stub.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture);
            var testExercise = ExerciseOf(outcome.FullName);
            return stubExercise == testExercise ? FailureKind.OwnStub : stubExercise < testExercise ? FailureKind.EarlierStub : FailureKind.LaterStub;
        }
        return ScriptLine().IsMatch(message) ? FailureKind.Script : FailureKind.Other;
    }

    private static string Advice(Outcome first) => Kind(first) switch
    {
        FailureKind.EarlierStub => "this exercise's tests run an earlier exercise's handlers: finish that one first",
        FailureKind.Contract => "this handler broke a rule of its contract the moment it returned: fix it first, the other failures often follow from it",
        FailureKind.OwnStub => "write this handler: the message says what it must do and what to read",
        FailureKind.LaterStub => "this test reached a later exercise's stub: an earlier step of yours did not end where it should (a state, SND.NXT, a close)",
        FailureKind.Script => "the script line named first is where your connection first differed from what the peer expects",
        _ => "the message says what was expected and what your handlers did",
    };

    // TcpKata.Tests.Exercise03_PassiveClose.…: 3. Tests of no exercise (the kit's scenarios) come after every exercise's.
    private static int ExerciseOf(string fullName) =>
        TestExercise().Match(fullName) is { Success: true } m ? int.Parse(m.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture) : 99;

    // What tells two failures apart: the stub a test ran into (whichever script line reached it), else the first line.
    private static string GroupOf(string message) =>
        NotImplementedHandler().Match(message) is { Success: true } stub ? stub.Value : Gist(message);

    /// <summary>A failure's first line, without the exception's type name.</summary>
    public static string Gist(string message) => Strip(message).Split('\n')[0].Trim();

    // "TcpKata.Scripts.PktFailure : file.pkt:6: ..." reads better without the exception's type name.
    private static string Strip(string message) => ExceptionPrefix().Replace(message.Trim(), "");

    /// <summary>ClientHandshakeTests.SynSent_SynAck_…: the test without its exercise's namespace.</summary>
    public static string Short(string fullName) => TestNamespace().Replace(fullName, "");

    public static string Count(int n, string what) => n == 1 ? $"1 {what}" : $"{n} {what}s";

    [GeneratedRegex(@"(handler contract|not implemented yet): (?<type>\w+)\.(?<member>\w+)")]
    private static partial Regex NamedHandler();

    [GeneratedRegex(@"not implemented yet: [\w.]+")]
    private static partial Regex NotImplementedHandler();

    [GeneratedRegex(@"not implemented yet: .*?edit exercises/(?<n>\d\d)-", RegexOptions.Singleline)]
    private static partial Regex StubFile();

    [GeneratedRegex(@"^[ \t]*explorer: (?<path>.+?\.html)(?:  \(|\s*$)", RegexOptions.Multiline)]
    private static partial Regex ExplorerLine();

    [GeneratedRegex(@"^\S+\.pkt:\d+:")]
    private static partial Regex ScriptLine();

    [GeneratedRegex(@"^[\w.]+(Exception|Failure) : ")]
    private static partial Regex ExceptionPrefix();

    [GeneratedRegex(@"^TcpKata\.Tests\.\w+\.")]
    private static partial Regex TestNamespace();

    [GeneratedRegex(@"^TcpKata\.Tests\.Exercise(?<n>\d\d)_")]
    private static partial Regex TestExercise();
}
