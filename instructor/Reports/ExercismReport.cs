using System.Text.Json;
using System.Text.Json.Nodes;
using TcpKata.Engine;
using TcpKata.Instructor.Grading;

namespace TcpKata.Instructor.Reports;

/// <summary>
/// Exercism's test-runner results.json, version 3 (exercism/docs building/tooling/test-runners/interface.md):
/// status pass, fail or error; one entry per test with its status, message, output (cut at 500 characters, as
/// Exercism asks) and task_id, the exercise's number.
/// </summary>
internal static class ExercismReport
{
    public const int MaxOutput = 500;

    public static string Write(SubmissionGrade grade)
    {
        var tests = new JsonArray();
        foreach (var (exercise, index) in grade.Exercises.Select((e, i) => (e, i)))
            foreach (var test in exercise.Tests)
            {
                var entry = new JsonObject
                {
                    ["name"] = test.Outcome.FullName,
                    ["status"] = test.Outcome.Passed ? "pass" : "fail",
                    ["task_id"] = index + 1,
                };
                if (!test.Outcome.Passed) entry["message"] = StudentText.Message(test.Outcome);
                if (StudentText.Output(test.Outcome) is { Length: > 0 } output)
                    entry["output"] = output.Length > MaxOutput ? output[..MaxOutput] : output;
                tests.Add(entry);
            }
        var compileErrors = grade.Exercises.Where(e => e.Compilation.Status is CompileStatus.CompileError or CompileStatus.Refused).ToList();
        var results = new JsonObject { ["version"] = 3 };
        // Tests always run (a file that does not compile is graded as its stub), so "error" means nothing to grade.
        if (grade.Exercises.All(e => e.Compilation.Status == CompileStatus.NotSubmitted))
        {
            results["status"] = "error";
            results["message"] = "no exercise file was submitted";
        }
        else
        {
            results["status"] = grade.Exercises.All(e => e.Compilation.Status == CompileStatus.Compiled && e.Tests.All(t => t.Outcome.Passed)) ? "pass" : "fail";
            if (compileErrors.Count > 0) results["message"] = StudentText.Scrub(string.Join("\n", compileErrors.SelectMany(e => e.Compilation.Messages)));
        }
        results["tests"] = tests;
        return results.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
