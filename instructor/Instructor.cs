using System.CommandLine;
using TcpKata.Engine;

namespace TcpKata.Instructor;

/// <summary>The instructor's <c>tcpkata-instructor</c>: exit codes and repository lookup as every TcpKata tool has them.</summary>
internal static class Instructor
{
    public const string Tool = "tcpkata-instructor";

    public const int Ok = ToolCommandLine.Ok, Failed = ToolCommandLine.Failed, Usage = ToolCommandLine.Usage;

    public static int Run(RootCommand root, string[] args, TextWriter? output = null, TextWriter? error = null) =>
        ToolCommandLine.Run(root, Tool, args, output, error);

    public static DirectoryInfo? RepositoryRootOrComplain(TextWriter error) => ToolCommandLine.RepositoryRootOrComplain(error, Tool);

    /// <summary>How the grader's worker processes are started: this tool's hidden <c>grade-worker</c> verb.</summary>
    public static WorkerHost WorkerHost => new(typeof(Instructor).Assembly.Location, GradeWorkerCommand.Verb);

    /// <summary>How the grader's compiler processes are started: this tool's hidden <c>compile-worker</c> verb.</summary>
    public static WorkerHost CompilerHost => new(typeof(Instructor).Assembly.Location, CompileWorkerCommand.Verb);
}
