using System.Text;
using TcpKata.Engine;
using TcpKata.Instructor.Grading;

namespace TcpKata.Instructor.Reports;

/// <summary>
/// feedback.md for one student: the score per exercise, why an exercise was not compiled, and each failing test's
/// message, which is the kit's own: the script line, the segment sent, the trace diff and the ladder diagram.
/// Hidden tests show their name and result, never their message (it could give the test away).
/// </summary>
internal static class FeedbackReport
{
    /// <param name="grade">the student's grade</param>
    /// <param name="pages">the trace explorer page of each failing test that has one, relative to feedback.md</param>
    public static string Write(SubmissionGrade grade, IReadOnlyDictionary<string, string>? pages = null)
    {
        pages ??= new Dictionary<string, string>();
        var md = new StringBuilder();
        md.AppendLine($"# {grade.Submission.Student}: {grade.Score:0.##} / {grade.MaxScore:0.##}").AppendLine();
        md.AppendLine("| exercise | score | tests passed |").AppendLine("|---|---|---|");
        foreach (var e in grade.Exercises)
            md.AppendLine($"| {e.Slug} | {e.Score:0.##} / {e.MaxScore:0.##} | {e.Tests.Count(t => t.Outcome.Passed)} of {e.Tests.Count} |");
        foreach (var note in grade.Submission.Notes) md.AppendLine().Append("- ").Append(note);
        if (grade.WithoutSandbox is { } why) md.AppendLine().Append("- graded without an OS sandbox: ").Append(why);
        md.AppendLine();
        foreach (var e in grade.Exercises)
        {
            md.AppendLine().AppendLine($"## {e.Slug}: {e.Score:0.##} / {e.MaxScore:0.##}").AppendLine();
            switch (e.Compilation.Status)
            {
                case CompileStatus.NotSubmitted:
                    md.AppendLine("Not submitted: the untouched stub was graded.");
                    continue;
                case CompileStatus.CompileError or CompileStatus.Refused:
                    md.AppendLine(e.Compilation.Status == CompileStatus.Refused
                        ? "**Uses what the grader refuses** (an API outside its allowlist, GRADE001; one that makes the run depend on the machine, TCPK006; or a compile that outlasts its time limit). The untouched stub was graded instead:"
                        : "**Does not compile**, so the untouched stub was graded instead:");
                    md.AppendLine("```").AppendLine(StudentText.Scrub(string.Join(Environment.NewLine, e.Compilation.Messages))).AppendLine("```");
                    continue;
            }
            foreach (var finding in e.Compilation.Findings)
                md.AppendLine($"- {finding.Id} ({finding.File}:{finding.Line}): {finding.Message}");
            if (e.Penalty > 0) md.AppendLine($"- analyzer findings cost {e.Penalty:0.##} points").AppendLine();
            var failing = e.Tests.Where(t => !t.Outcome.Passed).ToList();
            if (failing.Count == 0) { md.AppendLine($"All {e.Tests.Count} tests pass."); continue; }
            foreach (var test in failing)
            {
                md.AppendLine($"### {test.Outcome.FullName} (0 / {test.MaxScore:0.##})").AppendLine();
                md.AppendLine("```").AppendLine(StudentText.Message(test.Outcome)).AppendLine("```");
                if (pages.TryGetValue(test.Outcome.FullName, out var page))
                    md.AppendLine().AppendLine($"Step through this run beside what was expected, the first difference marked: [{page}]({page})");
            }
        }
        if (grade.Unscored.Any(o => !o.Passed))
        {
            md.AppendLine().AppendLine("## Scenario traces (not scored)").AppendLine();
            foreach (var o in grade.Unscored.Where(o => !o.Passed))
                md.AppendLine($"- {o.FullName}: {StudentText.Message(o).Split('\n')[0]}" + (pages.TryGetValue(o.FullName, out var page) ? $" ([step through it]({page}))" : ""));
        }
        return md.ToString();
    }
}
