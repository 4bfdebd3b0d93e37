using System.CommandLine;

namespace TcpKata.Instructor;

/// <summary><c>tcpkata-instructor starter OUT</c>: writes the repository students clone (see <see cref="StarterRepository"/>).</summary>
internal static class StarterCommand
{
    public static Command Create()
    {
        var output = new Argument<DirectoryInfo>("OUT") { Description = "where to write it: a new or empty folder" };
        var command = new Command("starter", "Write the student starter repository (exercises, kit, visible tests, analyzers, cli; no solutions) into OUT.") { output };
        command.SetAction(async (parsed, cancellation) =>
        {
            var stdout = parsed.InvocationConfiguration.Output;
            var error = parsed.InvocationConfiguration.Error;
            if (Instructor.RepositoryRootOrComplain(error) is not { } root) return Instructor.Usage;
            var target = parsed.GetValue(output)!;
            if (target.Exists && target.EnumerateFileSystemInfos().Any())
            {
                error.WriteLine($"{Instructor.Tool}: {target.FullName} is not empty; the starter goes into a new or empty folder");
                return Instructor.Usage;
            }
            try
            {
                var files = await StarterRepository.WriteAsync(root, target, cancellation);
                stdout.WriteLine($"wrote the starter repository to {target.FullName} ({files} files, no solutions)");
                stdout.WriteLine("next: cd there, git init, and check it: dotnet test fails on every stub with 'not implemented yet'");
                return Instructor.Ok;
            }
            catch (IOException e)
            {
                error.WriteLine($"{Instructor.Tool}: {e.Message}");
                return Instructor.Failed;
            }
        });
        return command;
    }
}
