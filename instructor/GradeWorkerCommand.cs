using System.CommandLine;
using TcpKata.Engine;

namespace TcpKata.Instructor;

/// <summary><c>tcpkata-instructor grade-worker</c>: the process <c>tcpkata-instructor grade</c> runs submissions' tests in. Not for people.</summary>
internal static class GradeWorkerCommand
{
    public const string Verb = "grade-worker";

    public static Command Create()
    {
        var assemblies = new Argument<string[]>("TESTS") { Description = "the compiled test assemblies", Arity = ArgumentArity.OneOrMore };
        var list = new Option<bool>("--list") { Description = "list the tests of the first job instead of running it" };
        var events = new Option<string>(TestWorker.EventsOption) { Description = "the inherited pipe the events go to", Required = true };
        var command = new Command(Verb, "Run submissions' tests for tcpkata-instructor grade: jobs on stdin, JSON events on an inherited pipe.") { assemblies, list, events };
        command.Hidden = true;
        command.SetAction(parsed =>
        {
            using var verdicts = TestWorker.OpenEvents(parsed.GetValue(events)!);
            return TestWorker.Run(parsed.GetValue(assemblies)!, Console.In, verdicts, parsed.GetValue(list));
        });
        return command;
    }
}
