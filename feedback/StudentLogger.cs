using Microsoft.VisualStudio.TestPlatform.ObjectModel;
using Microsoft.VisualStudio.TestPlatform.ObjectModel.Client;

namespace TcpKata.Feedback;

/// <summary>
/// What <c>dotnet test</c> prints for the exercise tests (tests/TcpKata.Tests/tcpkata.runsettings turns it on and quiets the
/// console logger): at the end of the run, the failures told as <see cref="FailureReport"/> tells them, a few screens even
/// on untouched stubs, and where to start. <c>dotnet test -v n</c> still prints every failing test in full.
/// </summary>
[FriendlyName("tcpkata")]
[ExtensionUri("logger://tcpkata/feedback")]
public sealed class StudentLogger : ITestLoggerWithParameters
{
    private readonly List<Outcome> _outcomes = [];
    private string? _source;

    public void Initialize(TestLoggerEvents events, string testRunDirectory) => Subscribe(events);

    public void Initialize(TestLoggerEvents events, Dictionary<string, string?> parameters) => Subscribe(events);

    private void Subscribe(TestLoggerEvents events)
    {
        events.TestResult += (_, e) =>
        {
            if (e.Result.Outcome is not (TestOutcome.Passed or TestOutcome.Failed)) return;
            lock (_outcomes)
            {
                _source ??= e.Result.TestCase.Source;
                _outcomes.Add(new Outcome(e.Result.TestCase.FullyQualifiedName, e.Result.Outcome == TestOutcome.Passed, e.Result.ErrorMessage ?? ""));
            }
        };
        events.TestRunComplete += (_, _) => Write(Console.Out);
    }

    private void Write(TextWriter output)
    {
        lock (_outcomes)
        {
            if (_outcomes.Count == 0) return;
            var failing = FailureReport.Failing(_outcomes);
            if (failing.Count > 0) FailureReport.WriteFailures(failing, output, all: false, "dotnet test -v n");
            output.WriteLine();
            output.WriteLine($"TcpKata: {_outcomes.Count(o => o.Passed)} of {_outcomes.Count} tests passing");
            if (failing.Count == 0) return;
            FailureReport.WriteStartHere(output, failing[0], FailureReport.ExerciseFiles(RepositoryOf(_source)));
            output.WriteLine("  (tcpkata watch gives this verdict about a second after each save: README.md, the fast loop)");
            output.WriteLine();
        }
    }

    // The checkout the tests were built in: the folder above their bin/ that holds exercises/.
    private static string RepositoryOf(string? testAssembly)
    {
        for (var dir = testAssembly is null ? null : new DirectoryInfo(Path.GetDirectoryName(testAssembly)!); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "exercises")) && Directory.Exists(Path.Combine(dir.FullName, "tests"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }
}
