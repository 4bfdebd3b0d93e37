using System.CommandLine;

namespace TcpKata.Instructor.Tests;

/// <summary>tcpkata-instructor's commands, run in-process: bad input is exit code 2 with a message naming it.</summary>
public sealed class InstructorCommandTests : TempFolder
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var root = new RootCommand { GradeCommand.Create(), AutograderCommand.Create(), StarterCommand.Create() };
        var output = new StringWriter();
        var error = new StringWriter();
        var code = Instructor.Run(root, args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Test]
    public void GradeWithoutASubmissionsFolderIsExitTwoNamingIt()
    {
        var (code, _, error) = Run("grade", Path.Combine(Folder, "no-such-class"), "--out", Path.Combine(Folder, "out"));
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(error, Does.Contain("no-such-class: no such folder of submissions"));
        });
    }

    [Test]
    public void GradeRefusesZeroJobs()
    {
        var (code, _, error) = Run("grade", Folder, "--out", Path.Combine(Folder, "out"), "--jobs", "0");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(error, Does.Contain("--jobs and --timeout must be at least 1"));
        });
    }
}
