using System.CommandLine;
using TcpKata.Cli.Grading;

namespace TcpKata.Cli;

/// <summary><c>tcpkata grade-worker</c>: the process <c>tcpkata grade</c> runs submissions' tests in. Not for people.</summary>
internal static class GradeWorkerCommand
{
    public static Command Create()
    {
        var assemblies = new Argument<string[]>("TESTS") { Description = "the compiled test assemblies", Arity = ArgumentArity.OneOrMore };
        var list = new Option<bool>("--list") { Description = "list the tests of the first job instead of running it" };
        var command = new Command("grade-worker", "Run submissions' tests for tcpkata grade: jobs on stdin, JSON events on stdout.") { assemblies, list };
        command.Hidden = true;
        command.SetAction(parsed =>
        {
            var events = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = false };
            return GradingWorker.Run(parsed.GetValue(assemblies)!, Console.In, events, parsed.GetValue(list));
        });
        return command;
    }
}
