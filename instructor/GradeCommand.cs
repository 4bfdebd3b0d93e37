using System.CommandLine;
using TcpKata.Instructor.Grading;

namespace TcpKata.Instructor;

/// <summary><c>tcpkata-instructor grade SUBMISSIONS --out DIR</c>: grade a class (see <see cref="ClassGrader"/>).</summary>
internal static class GradeCommand
{
    public static Command Create()
    {
        var submissions = new Argument<DirectoryInfo>("SUBMISSIONS") { Description = "a folder with one student repository or .zip per submission" };
        var output = new Option<DirectoryInfo>("--out") { Description = "where the reports go: grades.csv, summary.md, and a folder per submission", Required = true };
        var hidden = new Option<DirectoryInfo?>("--hidden-tests") { Description = "a folder of extra NUnit tests (.cs) the students do not see" };
        var timeout = new Option<int?>("--timeout") { Description = "seconds one submission's tests may take in all (grading.json's limits.timeoutSeconds otherwise)" };
        var sandbox = new Option<SandboxPolicy>("--sandbox")
        {
            Description = "run each submission's code in the OS sandbox (bubblewrap): required (the default: refuse to grade without it), ifavailable, or off",
            DefaultValueFactory = _ => SandboxPolicy.Required,
        };
        var jobs = new Option<int>("--jobs") { Description = "submissions graded at a time, each in its own worker process", DefaultValueFactory = _ => Environment.ProcessorCount };
        var command = new Command("grade", "Grade a class: compile each submission's exercises, run the tests in isolated workers, write Gradescope, Exercism, JUnit and CSV reports.")
        {
            submissions, output, hidden, timeout, jobs, sandbox,
        };
        command.SetAction(async (parsed, cancellation) =>
        {
            var error = parsed.InvocationConfiguration.Error;
            if (Instructor.RepositoryRootOrComplain(error) is not { } root) return Instructor.Usage;
            if (parsed.GetValue(jobs) < 1 || parsed.GetValue(timeout) is < 1)
            {
                error.WriteLine($"{Instructor.Tool}: --jobs and --timeout must be at least 1");
                return Instructor.Usage;
            }
            var request = new GradingRequest(parsed.GetValue(submissions)!.FullName, parsed.GetValue(output)!.FullName,
                parsed.GetValue(hidden)?.FullName, parsed.GetValue(timeout), parsed.GetValue(jobs), parsed.GetValue(sandbox));
            try
            {
                await ClassGrader.GradeAsync(root, request, parsed.InvocationConfiguration.Output, cancellation);
                return Instructor.Ok;
            }
            catch (Exception e) when (e is GradingManifestException or DirectoryNotFoundException or FileNotFoundException)
            {
                error.WriteLine($"{Instructor.Tool}: {e.Message}");
                return Instructor.Usage;
            }
            catch (Exception e) when (e is InvalidOperationException or SandboxUnavailableException)
            {
                error.WriteLine($"{Instructor.Tool}: {e.Message}");
                return Instructor.Failed;
            }
        });
        return command;
    }
}
