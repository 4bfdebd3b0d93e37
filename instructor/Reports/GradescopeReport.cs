using System.Text.Json;
using System.Text.Json.Nodes;
using TcpKata.Engine;
using TcpKata.Instructor.Grading;

namespace TcpKata.Instructor.Reports;

/// <summary>
/// Gradescope's autograder results.json (https://gradescope-autograders.readthedocs.io/en/latest/specs/): the
/// score, and one entry per test with its share of the points, its status and output; hidden tests are shown
/// only after the grades are published.
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
                    ["output"] = string.Join("\n", exercise.Compilation.Findings.Select(f => f.ToString())),
                    ["visibility"] = "visible",
                });
        }
        var results = new JsonObject
        {
            ["score"] = grade.Score,
            ["max_score"] = grade.MaxScore,
            ["output"] = Summary(grade),
            ["output_format"] = "md",
            ["visibility"] = "visible",
            ["tests"] = tests,
        };
        return results.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static string Output(TestOutcome outcome) =>
        outcome.Passed ? StudentText.Output(outcome)
            : StudentText.Message(outcome) + (StudentText.Output(outcome) is { Length: > 0 } output ? "\n\nOutput:\n" + output : "");

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
