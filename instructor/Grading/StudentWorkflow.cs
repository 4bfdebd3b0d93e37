namespace TcpKata.Instructor.Grading;

/// <summary>
/// .github/workflows/tests.yml for the student starter: a plain GitHub Actions job, no Classroom application needed (its
/// autograding reporter says the application has been sunset). It runs the exercise tests on every push and writes the
/// progress table to the job's summary page, so a student and their instructor see where each repository stands.
/// </summary>
internal static class StudentWorkflow
{
    public const string Path = ".github/workflows/tests.yml";

    public const string Text = """
        # Runs the exercise tests on every push and writes where you stand to this job's summary page.
        name: Exercise tests
        on: [push, pull_request, workflow_dispatch]
        permissions:
          contents: read
        jobs:
          tests:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - uses: actions/setup-dotnet@v4
                with:
                  dotnet-version: '10.0.x'
              - name: Exercise tests, and the progress table in the job summary
                run: dotnet run --project cli -- progress --markdown >> "$GITHUB_STEP_SUMMARY"

        """;
}
