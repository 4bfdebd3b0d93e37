using TcpKata.Instructor.Grading;
using TcpKata.Instructor.Reports;

namespace TcpKata.Instructor.Tests;

/// <summary>What a submission's name cannot do to the reports: leave --out, take a class-wide file's place, or run as a
/// spreadsheet formula.</summary>
public sealed class ReportSafetyTests
{
    private static Submission Named(string student) => new(student, "(test)", new Dictionary<string, string>(), []);

    [Test]
    public void FolderNamesStayPlainNamesInsideTheOutputFolder()
    {
        string[] students = ["..", ".", "...", "grades.csv", "SUMMARY.MD", "a/../../b", "c:\\d", "tab\there", new string('x', 500), "Ann", "ann", "ann-2", "陳大文", ""];
        var folders = ClassGrader.FolderNames(students.Select(Named).ToList());
        var output = Path.Combine(Path.GetTempPath(), "out");
        Assert.Multiple(() =>
        {
            Assert.That(folders, Is.Unique.Using((IEqualityComparer<string>)StringComparer.OrdinalIgnoreCase), "collision-free, case aside");
            foreach (var folder in folders)
            {
                Assert.That(Path.GetDirectoryName(Path.GetFullPath(Path.Combine(output, folder))), Is.EqualTo(output), folder);
                Assert.That(folder, Has.Length.InRange(1, 90));
                Assert.That(folder, Is.Not.EqualTo("grades.csv").IgnoreCase.And.Not.EqualTo("summary.md").IgnoreCase);
                Assert.That(folder.IndexOfAny(Path.GetInvalidFileNameChars()), Is.EqualTo(-1), folder);
            }
            Assert.That(folders, Does.Contain("陳大文"), "a name a file system can hold is kept as it is");
        });
    }

    [TestCase("=HYPERLINK(\"http://x\",\"y\")")]
    [TestCase("+1")]
    [TestCase("-2+3")]
    [TestCase("@SUM(A1)")]
    [TestCase("\tcmd")]
    public void GradebookTextCannotBeAFormula(string student) =>
        Assert.That(Gradebook.Text(student), Does.StartWith("'").And.EndWith(student));

    [Test]
    public void GradebookTextThatIsNoFormulaIsUnchanged() =>
        Assert.That(Gradebook.Text("chan-tai-man"), Is.EqualTo("chan-tai-man"));

    [Test]
    public void StudentTextLosesTheGradersPathsAndKeepsTheRepositorysOwn()
    {
        var text = StudentText.Scrub("at /tmp/tcpkata-grade-1a2b/worker-9f/TcpKata.Tests.dll and /home/teacher/class/bob/secret.cs; "
                                     + "see /work/main/tests/TcpKata.Tests/01-client-handshake/scripts/connect.pkt:10 and C:\\grading\\x.cs; 1/2 and a/b stay");
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Not.Contain("/tmp").And.Not.Contain("teacher").And.Not.Contain("C:\\"));
            Assert.That(text, Does.Contain("tests/TcpKata.Tests/01-client-handshake/scripts/connect.pkt:10"));
            Assert.That(text, Does.Contain("1/2 and a/b stay"), "what is not an absolute path is left alone");
        });
    }

    [Test]
    public void StudentTextIsBoundedAndAHiddenTestSaysNothing()
    {
        var flood = new TcpKata.Engine.TestOutcome("T.X.Y", false, new string('x', 100_000), new string('y', 100_000));
        var hidden = flood with { Hidden = true, Message = "Expected: 5 from HiddenTests.cs in /grader/hidden" };
        Assert.Multiple(() =>
        {
            Assert.That(StudentText.Message(flood), Has.Length.LessThan(StudentText.MaxLength + 100));
            Assert.That(StudentText.Output(flood), Has.Length.LessThan(StudentText.MaxLength + 100));
            Assert.That(StudentText.Message(hidden), Is.EqualTo(StudentText.HiddenDetails));
            Assert.That(StudentText.Output(hidden), Is.Empty);
        });
    }
}
