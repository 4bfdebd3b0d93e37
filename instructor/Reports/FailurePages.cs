using System.Text.RegularExpressions;
using TcpKata.Engine;
using TcpKata.Instructor.Grading;
using TcpKata.Tracing.Explorer;

namespace TcpKata.Instructor.Reports;

/// <summary>
/// The trace explorer pages of a student's failing tests, beside their feedback.md (explorer/NAME.html). A page is drawn
/// here, by the grader, from the data the sandboxed run sent back (<see cref="TestOutcome.Explorer"/>): the student's code
/// ran in that process and could have written anything, so only data that is one JSON object passes, and it is written
/// out again, never copied as HTML. Hidden tests get no page (it would show what they check).
/// </summary>
internal static partial class FailurePages
{
    /// <summary>Writes the pages; returns each test's page, relative to <paramref name="folder"/>.</summary>
    public static Dictionary<string, string> Write(string folder, SubmissionGrade grade)
    {
        var pages = new Dictionary<string, string>();
        var failing = grade.Exercises.SelectMany(e => e.Tests.Select(t => t.Outcome)).Concat(grade.Unscored)
            .Where(o => o is { Passed: false, Hidden: false, Explorer: not null });
        foreach (var outcome in failing)
        {
            var name = "explorer/" + Unsafe().Replace(TestNamespace().Replace(outcome.FullName, ""), "-") + ".html";
            if (pages.ContainsValue(name) || TraceExplorerPage.FromData(outcome.Explorer!, outcome.FullName) is not { } html) continue;
            Directory.CreateDirectory(Path.Combine(folder, "explorer"));
            File.WriteAllText(Path.Combine(folder, name), html);
            pages[outcome.FullName] = name;
        }
        return pages;
    }

    [GeneratedRegex(@"^TcpKata\.Tests\.")]
    private static partial Regex TestNamespace();

    [GeneratedRegex(@"[^\w.\-]+")]
    private static partial Regex Unsafe();
}
