using System.Globalization;
using System.Text;
using TcpKata.Engine;

namespace TcpKata.Instructor.Grading;

/// <summary>
/// .github/workflows/classroom.yml for the student starter: GitHub Classroom's autograding, one command grader per
/// exercise (that exercise's tests, worth its grading.json points; Classroom scores a command all or nothing),
/// then Classroom's reporter. Instructors who want partial credit per test and hidden tests use tcpkata-instructor grade.
/// </summary>
internal static class ClassroomWorkflow
{
    public const string Path = ".github/workflows/classroom.yml";

    public static string Write(IReadOnlyList<Exercise> catalog, GradingManifest manifest)
    {
        var yml = new StringBuilder("""
            # Written from grading.json when your instructor generated this repository: GitHub Classroom autograding, one grader per exercise.
            name: Autograding Tests
            on: [push, repository_dispatch]
            permissions:
              checks: write
              actions: read
              contents: read
            jobs:
              run-autograding-tests:
                runs-on: ubuntu-latest
                if: github.actor != 'github-classroom[bot]'
                steps:
                  - uses: actions/checkout@v4
                  - uses: actions/setup-dotnet@v4
                    with:
                      dotnet-version: '10.0.x'
                  - name: Build
                    run: dotnet build tests/TcpKata.Tests
            """).Append('\n');
        var ids = new List<string>();
        foreach (var exercise in catalog)
        {
            var id = "ex" + exercise.Slug[..2];
            ids.Add(id);
            var points = (manifest.Find(exercise.Slug)?.Points ?? 0).ToString(CultureInfo.InvariantCulture);
            yml.Append($$"""
                      - name: {{exercise.Slug}}
                        id: {{id}}
                        uses: classroom-resources/autograding-command-grader@v1
                        with:
                          test-name: {{exercise.Slug}}
                          command: dotnet test tests/TcpKata.Tests --no-build --filter {{exercise.FilterWord}}
                          timeout: 10
                          max-score: {{points}}
                """).Append('\n');
        }
        yml.Append("""
                  - name: Autograding Reporter
                    uses: classroom-resources/autograding-grading-reporter@v1
                    env:
            """).Append('\n');
        foreach (var id in ids) yml.Append($"          {id.ToUpperInvariant()}_RESULTS: \"${{{{steps.{id}.outputs.result}}}}\"\n");
        yml.Append("        with:\n").Append($"          runners: {string.Join(",", ids)}\n");
        return yml.ToString();
    }
}
