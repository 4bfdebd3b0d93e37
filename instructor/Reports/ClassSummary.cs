using System.Text;
using TcpKata.Engine;
using TcpKata.Instructor.Grading;

namespace TcpKata.Instructor.Reports;

/// <summary>summary.md for the instructor: per-exercise pass rates, the tests most submissions fail, and every attempt the
/// grader contained: APIs refused (symbol, file:line), hangs and crashes, reports it did not trust, what intake refused.</summary>
internal static class ClassSummary
{
    public static string Write(IReadOnlyList<SubmissionGrade> grades, IReadOnlyList<string> intakeProblems, TimeSpan elapsed, string sandbox)
    {
        var md = new StringBuilder();
        md.AppendLine($"# Class summary: {grades.Count} submissions").AppendLine();
        md.AppendLine($"Sandbox: {sandbox}.").AppendLine();
        if (grades.Count > 0)
            md.AppendLine($"Mean {grades.Average(g => g.Score):0.#} / {grades[0].MaxScore:0.##}, median {Median(grades.Select(g => g.Score)):0.#}; graded in {elapsed.TotalSeconds:0} s.").AppendLine();
        md.AppendLine("| exercise | mean score | full marks | tests passed | not submitted | compile errors | refused APIs |").AppendLine("|---|---|---|---|---|---|---|");
        foreach (var slug in grades.FirstOrDefault()?.Exercises.Select(e => e.Slug) ?? [])
        {
            var all = grades.Select(g => g.Exercises.Single(e => e.Slug == slug)).ToList();
            md.AppendLine($"| {slug} | {all.Average(e => e.Score):0.##} / {all[0].MaxScore:0.##} | {Percent(all.Count(e => e.Score >= e.MaxScore - 1e-9), all.Count)} | "
                          + $"{Percent(all.Sum(e => e.Tests.Count(t => t.Outcome.Passed)), all.Sum(e => e.Tests.Count))} | "
                          + $"{all.Count(e => e.Compilation.Status == CompileStatus.NotSubmitted)} | {all.Count(e => e.Compilation.Status == CompileStatus.CompileError)} | "
                          + $"{all.Count(e => e.Compilation.Status == CompileStatus.Refused)} |");
        }
        var failing = grades.Where(g => g.Exercises.Any(e => e.Compilation.Status == CompileStatus.Compiled))
            .SelectMany(g => g.Exercises.Where(e => e.Compilation.Status == CompileStatus.Compiled).SelectMany(e => e.Tests))
            .Where(t => !t.Outcome.Passed)
            .GroupBy(t => t.Outcome.FullName)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(10).ToList();
        md.AppendLine().AppendLine("## Most common failing tests (in exercises that compiled)").AppendLine();
        if (failing.Count == 0) md.AppendLine("None.");
        foreach (var test in failing)
        {
            var message = test.GroupBy(t => t.Outcome.Message.Split('\n')[0]).OrderByDescending(m => m.Count()).First().Key;
            md.AppendLine($"- {test.Key}: {test.Count()} of {grades.Count} submissions — most often: {message}");
        }
        Section(md, "Hangs, crashes and limits hit", grades.SelectMany(g => g.Exercises.SelectMany(e => e.Tests).Where(t => Contained(t.Outcome.Message))
            .Select(t => $"{g.Submission.Student}: {t.Outcome.FullName}: {FirstLine(t.Outcome.Message)}")));
        Section(md, "Refused at compile time", grades.SelectMany(g => g.Exercises.Where(e => e.Compilation.Status == CompileStatus.Refused)
            .SelectMany(e => e.Compilation.Messages.Select(m => $"{g.Submission.Student}: {e.Slug}: {m}"))));
        Section(md, "Reports the grader did not trust", grades.SelectMany(g => g.Exercises.SelectMany(e => e.Tests)
            .Where(t => t.Outcome.Message.Contains("report was not to be trusted", StringComparison.Ordinal))
            .Select(t => $"{g.Submission.Student}: {t.Outcome.FullName}: {t.Outcome.Message}")));
        Section(md, "Graded without an OS sandbox", grades.Where(g => g.WithoutSandbox is not null).Select(g => $"{g.Submission.Student}: {g.WithoutSandbox}"));
        Section(md, "Submission notes (files not found, not read or refused)", grades.SelectMany(g => g.Submission.Notes
            .Where(n => !n.EndsWith("not found: graded as the untouched stub", StringComparison.Ordinal))
            .Select(n => $"{g.Submission.Student}: {n}")));
        if (intakeProblems.Count > 0)
        {
            md.AppendLine().AppendLine("## Not graded").AppendLine();
            foreach (var problem in intakeProblems) md.AppendLine("- " + problem);
        }
        return md.ToString();
    }

    // A test the grader stopped, or that ran into one of its limits (time, memory, output).
    private static bool Contained(string message) =>
        message.StartsWith("timed out", StringComparison.Ordinal) || message.StartsWith("the test process exited", StringComparison.Ordinal)
        || message.Contains("OutOfMemoryException", StringComparison.Ordinal) || message.Contains("cut at the limit of", StringComparison.Ordinal);

    private static string FirstLine(string text)
    {
        var line = text.Split('\n')[0].Trim();
        return line.Length > 300 ? line[..300] + "…" : line;
    }

    private static void Section(StringBuilder md, string title, IEnumerable<string> lines)
    {
        var list = lines.ToList();
        if (list.Count == 0) return;
        md.AppendLine().AppendLine($"## {title}").AppendLine();
        foreach (var line in list) md.AppendLine("- " + line.ReplaceLineEndings(" "));
    }

    private static string Percent(int part, int whole) => whole == 0 ? "–" : $"{100.0 * part / whole:0}%";

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
