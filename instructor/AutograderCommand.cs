using System.CommandLine;
using TcpKata.Instructor.Grading;

namespace TcpKata.Instructor;

/// <summary><c>tcpkata-instructor autograder OUT.zip</c>: the Gradescope autograder bundle (see <see cref="GradescopeBundle"/>).</summary>
internal static class AutograderCommand
{
    public static Command Create()
    {
        var output = new Argument<FileInfo>("OUT") { Description = "the zip to write, for Gradescope's \"Configure Autograder\" page" };
        var hidden = new Option<DirectoryInfo?>("--hidden-tests") { Description = "a folder of extra NUnit tests (.cs) to grade with, unseen by students" };
        var command = new Command("autograder", "Write the Gradescope autograder bundle: setup.sh, run_autograder and this repository.") { output, hidden };
        command.SetAction(parsed =>
        {
            var error = parsed.InvocationConfiguration.Error;
            if (Instructor.RepositoryRootOrComplain(error) is not { } root) return Instructor.Usage;
            try
            {
                var zip = parsed.GetValue(output)!.FullName;
                var entries = GradescopeBundle.Write(root, zip, parsed.GetValue(hidden)?.FullName);
                parsed.InvocationConfiguration.Output.WriteLine($"wrote {zip} ({entries} files): upload it on Gradescope's Configure Autograder page");
                return Instructor.Ok;
            }
            catch (DirectoryNotFoundException e)
            {
                error.WriteLine($"{Instructor.Tool}: {e.Message}");
                return Instructor.Usage;
            }
        });
        return command;
    }
}
