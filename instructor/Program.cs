using System.CommandLine;
using TcpKata.Instructor;

// Exit codes: 0 success, 1 grading or writing failed, 2 bad arguments or a malformed input.
var root = new RootCommand("tcpkata-instructor: grade a class of TcpKata submissions, write the Gradescope bundle and the student starter repository.")
{
    GradeCommand.Create(),
    GradeWorkerCommand.Create(),
    CompileWorkerCommand.Create(),
    AutograderCommand.Create(),
    StarterCommand.Create(),
};
return Instructor.Run(root, args);
