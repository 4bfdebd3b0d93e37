using System.Text.RegularExpressions;
using System.Xml.Linq;
using TcpKata.Instructor.Grading;

namespace TcpKata.Instructor.Reports;

/// <summary>JUnit XML, as CI systems read it: one testsuite per exercise, a failure element per failing test.</summary>
internal static partial class JUnitReport
{
    public static string Write(SubmissionGrade grade)
    {
        var suites = grade.Exercises.Select(exercise => new XElement("testsuite",
            new XAttribute("name", $"{grade.Submission.Student}.{exercise.Slug}"),
            new XAttribute("tests", exercise.Tests.Count),
            new XAttribute("failures", exercise.Tests.Count(t => !t.Outcome.Passed)),
            new XAttribute("errors", 0),
            exercise.Tests.Select(test => new XElement("testcase",
                new XAttribute("classname", ClassName(test.Outcome.FullName)),
                new XAttribute("name", test.Outcome.FullName[(ClassName(test.Outcome.FullName).Length + 1)..]),
                test.Outcome.Passed ? null : new XElement("failure", new XAttribute("message", Clean(FirstLine(StudentText.Message(test.Outcome)))), Clean(StudentText.Message(test.Outcome))),
                StudentText.Output(test.Outcome) is { Length: > 0 } output ? new XElement("system-out", Clean(output)) : null))));
        var document = new XDocument(new XElement("testsuites",
            new XAttribute("name", grade.Submission.Student),
            new XAttribute("tests", grade.Exercises.Sum(e => e.Tests.Count)),
            new XAttribute("failures", grade.Exercises.Sum(e => e.Tests.Count(t => !t.Outcome.Passed))),
            suites));
        return document.Declaration + document.ToString();
    }

    // The class part of "Ns.Class.Method(args)": up to the last dot before any parenthesis.
    private static string ClassName(string fullName)
    {
        var paren = fullName.IndexOf('(');
        var head = paren < 0 ? fullName : fullName[..paren];
        return head[..head.LastIndexOf('.')];
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();

    // XML 1.0 cannot carry most control characters, and a submission's output may hold anything.
    private static string Clean(string text) => InvalidXml().Replace(text, "\uFFFD");

    [GeneratedRegex(@"[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD]")]
    private static partial Regex InvalidXml();
}
