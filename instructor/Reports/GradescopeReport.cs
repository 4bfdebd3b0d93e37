using System.Text.Json;
using System.Text.Json.Nodes;
using TcpKata.Engine;
using TcpKata.Instructor.Grading;

namespace TcpKata.Instructor.Reports;

/// <summary>
/// Gradescope's autograder results.json (https://gradescope-autograders.readthedocs.io/en/latest/specs/): the
/// score, and one entry per test with its share of the points, its status and its output in Markdown
/// (<c>test_output_format</c> "md": the kit's messages and ladders sit in code blocks, so they keep their columns);
/// hidden tests are shown only after the grades are published.
/// </summary>
internal static class GradescopeReport
{
    public static string Write(SubmissionGrade grade)
    {
        var tests = new JsonArray();
        foreach (var exercise in grade.Exercises)
        {
            foreach (var test in exercise.Tests)
                tests.Add(new JsonObject
                {
                    ["name"] = test.Outcome.FullName,
                    ["name_format"] = "text",
                    ["score"] = Math.Round(test.Score, 4),
                    ["max_score"] = Math.Round(test.MaxScore, 4),
                    ["status"] = test.Outcome.Passed ? "passed" : "failed",
                    ["output"] = Output(test.Outcome),
                    ["output_format"] = "md",
                    ["tags"] = new JsonArray(exercise.Slug),
                    ["visibility"] = test.Outcome.Hidden ? "after_published" : "visible",
                });
            if (exercise.Penalty > 0)
                tests.Add(new JsonObject
                {
                    ["name"] = $"{exercise.Slug}: TCPK analyzer findings",
                    ["score"] = -exercise.Penalty,
                    ["max_score"] = 0,
                    ["status"] = "failed",
                    ["output"] = CodeBlock(string.Join("\n", exercise.Compilation.Findings.Select(f => f.ToString()))),
                    ["output_format"] = "md",
                    ["visibility"] = "visible",
                });
        }
        var results = new JsonObject
        {
            ["score"] = grade.Score,
            ["max_score"] = grade.MaxScore,
            ["output"] = Summary(grade),
            ["output_format"] = "md",
            ["test_output_format"] = "md",
            ["test_name_format"] = "text",
            ["visibility"] = "visible",
            ["tests"] = tests,
        };
        return results.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static string Output(TestOutcome outcome)
    {
        var output = StudentText.Output(outcome);
        if (outcome.Passed) return output.Length > 0 ? CodeBlock(output) : "";
        return CodeBlock(StudentText.Message(outcome)) + (output.Length > 0 ? "\n\nOutput:\n\n" + CodeBlock(output) : "");
    }

    // A fence longer than any run of backticks inside, so no text can close it early.
    private static string CodeBlock(string text)
    {
        var fence = new string('`', Math.Max(3, LongestRun(text, '`') + 1));
        return $"{fence}\n{text}\n{fence}";
    }

    private static int LongestRun(string text, char c)
    {
        int longest = 0, run = 0;
        foreach (var x in text) longest = Math.Max(longest, run = x == c ? run + 1 : 0);
        return longest;
    }

    private static string Summary(SubmissionGrade grade) =>
        string.Join("\n", grade.Exercises.Select(e => $"- {e.Slug}: {e.Score:0.##} / {e.MaxScore:0.##}" + e.Compilation.Status switch
        {
            CompileStatus.CompileError => " (does not compile: the stub was graded)",
            CompileStatus.Refused => " (uses what the grader refuses: the stub was graded)",
            CompileStatus.NotSubmitted => " (not submitted)",
            _ => "",
        }).Concat(grade.Submission.Notes.Select(n => $"- note: {n}"))
            .Concat(grade.WithoutSandbox is { } why ? [$"- graded without an OS sandbox: {why}"] : []));
}
