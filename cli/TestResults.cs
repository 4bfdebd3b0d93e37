using System.Xml.Linq;
using TcpKata.Engine;

namespace TcpKata.Cli;

internal static class TestResults
{
    private static readonly XNamespace Trx = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    /// <summary>The outcomes in a TRX file (what <c>dotnet test --logger trx</c> writes), named as NUnit names them: Namespace.Class.Test.</summary>
    public static IReadOnlyList<TestOutcome> ReadTrx(string path)
    {
        var doc = XDocument.Load(path);
        var classes = doc.Descendants(Trx + "UnitTest").ToDictionary(
            t => (string)t.Attribute("id")!,
            t => (string?)t.Element(Trx + "TestMethod")?.Attribute("className") ?? "");
        return doc.Descendants(Trx + "UnitTestResult").Select(r => new TestOutcome(
            classes.GetValueOrDefault((string)r.Attribute("testId")!, "") + "." + (string)r.Attribute("testName")!,
            (string?)r.Attribute("outcome") == "Passed",
            (string?)r.Descendants(Trx + "Message").FirstOrDefault() ?? "",
            "")).ToList();
    }
}

/// <summary>Where a student stands on one exercise, from real test results.</summary>
internal sealed record ExerciseProgress(Exercise Exercise, int Passed, int Total, bool Started)
{
    public bool Done => Total > 0 && Passed == Total;

    public string Status => Total == 0 ? "no tests found" : Done ? "done" : !Started ? "not started" : $"failing {Total - Passed} of {Total}";

    /// <summary><see cref="Status"/> in 繁體中文 (docs/glossary.zh-Hant.md).</summary>
    public string ChineseStatus => Total == 0 ? "找不到測試" : Done ? "完成" : !Started ? "未開始" : $"{Total} 項測試中 {Total - Passed} 項未通過";

    /// <summary>Classifies each exercise: "not started" while nothing passes and every failure is a stub's "not implemented yet"
    /// (its own stubs, or those of an exercise it builds on).</summary>
    public static IReadOnlyList<ExerciseProgress> From(IReadOnlyList<Exercise> exercises, IReadOnlyList<TestOutcome> outcomes) =>
        exercises.Select(e =>
        {
            var mine = outcomes.Where(o => e.Owns(o.FullName)).ToList();
            var passed = mine.Count(o => o.Passed);
            var stubbed = mine.Where(o => !o.Passed).All(o => o.Message.Contains("not implemented yet", StringComparison.Ordinal));
            return new ExerciseProgress(e, passed, mine.Count, Started: passed > 0 || !stubbed);
            // (Every exercise test goes through the student's code, so on untouched stubs nothing passes.)
        }).ToList();
}
