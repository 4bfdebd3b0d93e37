using System.CommandLine;
using TcpKata.Engine;
using TcpKata.Instructor.Grading;

namespace TcpKata.Instructor;

/// <summary><c>tcpkata-instructor compile-worker --root DIR</c>: the process <c>tcpkata-instructor grade</c> compiles submissions in,
/// with the grader's allowlist. Not for people.</summary>
internal static class CompileWorkerCommand
{
    public const string Verb = "compile-worker";

    public static Command Create()
    {
        var root = new Option<DirectoryInfo>("--root") { Description = "the repository whose exercises/ hold the stubs", Required = true };
        var command = new Command(Verb, "Compile submissions for tcpkata-instructor grade: jobs on stdin, compiled exercises on stdout.") { root };
        command.Hidden = true;
        command.SetAction(parsed =>
        {
            var repository = parsed.GetValue(root)!;
            using var replies = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = false };
            return CompileServer.Run(SubmissionCompiler.Create(repository, ExerciseCatalog.Load(repository)), Console.In, replies);
        });
        return command;
    }
}
