using System.CommandLine;
using TcpKata.Engine;

namespace TcpKata.Instructor;

/// <summary><c>tcpkata-instructor grade-worker</c>: the process <c>tcpkata-instructor grade</c> runs submissions' tests in. Not for people.</summary>
internal static class GradeWorkerCommand
{
    public const string Verb = "grade-worker";

    public static Command Create() =>
        TestWorker.Command(Verb, "Run submissions' tests for tcpkata-instructor grade: jobs on stdin, JSON events on an inherited pipe.");
}
