using System.Text.RegularExpressions;
using TcpKata.Engine;

namespace TcpKata.Instructor.Reports;

/// <summary>
/// What of a test's outcome a student may read, in every report that reaches them: a hidden test shows its name and result
/// only; any other message or output loses the grader's own paths (its work folder, the submissions folder, this
/// repository's location: a repository path keeps its part from exercises/ or tests/ on) and is cut to a bounded size.
/// </summary>
internal static partial class StudentText
{
    public const int MaxLength = 6000;

    public const string HiddenDetails = "(a hidden test: its details are not shown)";

    /// <summary>The message, without the line naming the explorer page the test wrote where it ran (the grader writes its own).</summary>
    public static string Message(TestOutcome outcome) => outcome.Hidden ? HiddenDetails : Scrub(ExplorerLine().Replace(outcome.Message, "").TrimEnd());

    public static string Output(TestOutcome outcome) => outcome.Hidden ? "" : Scrub(outcome.Output);

    public static string Scrub(string text)
    {
        var scrubbed = WindowsPath().Replace(UnixPath().Replace(text, m => RepositoryPart().Match(m.Value) is { Success: true } part ? part.Value[1..] : "<path>"), "<path>");
        return scrubbed.Length <= MaxLength ? scrubbed : scrubbed[..MaxLength] + $"{Environment.NewLine}[cut at {MaxLength} characters]";
    }

    [GeneratedRegex(@"^[ \t]*explorer: .*\.html.*$\n?", RegexOptions.Multiline)]
    private static partial Regex ExplorerLine();

    // An absolute path of two or more parts, not inside a word or a relative path.
    [GeneratedRegex(@"(?<![\w.~/])(?:/[\w.\-+@~]+){2,}/?")]
    private static partial Regex UnixPath();

    [GeneratedRegex(@"\b[A-Za-z]:\\[^\s""'<>|]+")]
    private static partial Regex WindowsPath();

    [GeneratedRegex(@"/(?:exercises|tests|kit|solutions|docs)/.*$")]
    private static partial Regex RepositoryPart();
}
