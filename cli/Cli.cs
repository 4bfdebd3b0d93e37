using System.CommandLine;
using TcpKata.Engine;

namespace TcpKata.Cli;

/// <summary>The student's <c>tcpkata</c>: exit codes and repository lookup as every TcpKata tool has them, and the handlers it runs.</summary>
internal static class Cli
{
    public const int Ok = ToolCommandLine.Ok, Failed = ToolCommandLine.Failed, Usage = ToolCommandLine.Usage;

    public static int Run(RootCommand root, string[] args, TextWriter? output = null, TextWriter? error = null) =>
        ToolCommandLine.Run(root, "tcpkata", args, output, error);

    public static DirectoryInfo? RepositoryRootOrComplain(TextWriter error) => ToolCommandLine.RepositoryRootOrComplain(error, "tcpkata");

    /// <summary>The handlers this build runs: exercises/ by default, solutions/ with -p:Kata=Solutions.</summary>
    public static TcpHandlers Handlers() => TcpHandlers.FromAssembly(typeof(global::TcpKata.Exercises.ClientHandshake).Assembly);
}
