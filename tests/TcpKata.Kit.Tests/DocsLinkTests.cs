using System.Text.RegularExpressions;

namespace TcpKata.Kit.Tests;

/// <summary>Every link a README or doc page makes into the repository resolves there: a student never follows one to nothing.</summary>
public sealed partial class DocsLinkTests
{
    private static IEnumerable<TestCaseData> Pages() =>
        Directory.EnumerateFiles(Repository.Root, "*.md", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Repository.Root, f).Replace('\\', '/'))
            .Where(f => !f.Split('/').Any(part => part is "bin" or "obj" or "node_modules" or ".git" or ".tcpkata"))
            .Order(StringComparer.Ordinal)
            .Select(f => new TestCaseData(f).SetArgDisplayNames(f));

    [TestCaseSource(nameof(Pages))]
    public void Page_EveryRelativeLink_ResolvesInTheRepository(string page)
    {
        var folder = Path.GetDirectoryName(Path.Combine(Repository.Root, page))!;
        var text = File.ReadAllText(Path.Combine(Repository.Root, page));
        var broken = MarkdownLink().Matches(text)
            .Select(m => m.Groups["target"].Value)
            .Where(t => !Regex.IsMatch(t, "^(https?|mailto|file):|^#"))
            .Select(t => t.Split('#')[0])
            .Where(t => t.Length > 0 && !File.Exists(Path.Combine(folder, t)) && !Directory.Exists(Path.Combine(folder, t)))
            .ToList();
        Assert.That(broken, Is.Empty, $"links in {page} to files that do not exist");
    }

    // [text](target) and ![alt](target), outside code spans: the target up to a space or the closing parenthesis.
    [GeneratedRegex(@"(?<!`)\[[^\]\n]*\]\((?<target>[^)\s]+)(\s+""[^""]*"")?\)")]
    private static partial Regex MarkdownLink();
}

/// <summary>The lessons run what they say: each scenario a lesson traces exists, each file it runs is there, and the table of
/// state names agrees with the kit's own names for each state (RFC spelling and trace spelling).</summary>
public sealed partial class LessonTests
{
    private static IEnumerable<TestCaseData> Lessons() =>
        Directory.EnumerateFiles(Path.Combine(Repository.Root, "docs", "lessons"), "*.md").Order(StringComparer.Ordinal)
            .Select(f => new TestCaseData(Path.GetFileName(f)).SetArgDisplayNames(Path.GetFileName(f)));

    [TestCaseSource(nameof(Lessons))]
    public void Lesson_EveryScenarioAndScriptItRuns_Exists(string lesson)
    {
        var text = File.ReadAllText(Path.Combine(Repository.Root, "docs", "lessons", lesson));
        var scenarios = TracedScenario().Matches(text).Select(m => m.Groups["name"].Value).ToList();
        var scripts = RunScript().Matches(text).Select(m => m.Value).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(scenarios.Count + scripts.Count, Is.GreaterThan(0), "a lesson comes with something to run");
            Assert.That(scenarios.Where(n => Scenarios.ScenarioCatalog.Find(n) is null), Is.Empty, "scenarios that do not exist");
            Assert.That(scripts.Where(f => !File.Exists(Path.Combine(Repository.Root, f))), Is.Empty, "scripts that do not exist");
        });
    }

    [GeneratedRegex(@"-- trace (?<name>[a-z0-9-]+)")]
    private static partial Regex TracedScenario();

    [GeneratedRegex(@"tests/\S+\.pkt")]
    private static partial Regex RunScript();

    [Test]
    public void Lesson_EveryState_HasTheKitsRfcAndTraceNames()
    {
        foreach (var page in new[] { "state-names.md", "state-names.zh-Hant.md" })
        {
            var rows = File.ReadAllLines(Path.Combine(Repository.Root, "docs", "lessons", page))
                .Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| RFC", StringComparison.Ordinal))
                .Select(l => l.Split('|', StringSplitOptions.TrimEntries)[1..3]).ToList();
            Assert.That(rows, Is.EquivalentTo(Enum.GetValues<TcpState>().Select(s => new[] { s.ToRfcName(), s.ToTraceName() })), page);
        }
    }
}
