using System.Globalization;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace TcpKata.Analyzers.Tests;

/// <summary>What every rule owes its users: a page in both languages, a link to it, and a 繁體中文 message.</summary>
public class RuleCatalogTests
{
    private static readonly DiagnosticDescriptor[] Rules = typeof(AnalyzerIdentifiers).Assembly.GetTypes()
        .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract)
        .SelectMany(t => ((DiagnosticAnalyzer)Activator.CreateInstance(t)!).SupportedDiagnostics)
        .OrderBy(d => d.Id)
        .ToArray();

    private static IEnumerable<string> Ids() => typeof(AnalyzerIdentifiers).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (string)f.GetValue(null)!);

    [Test]
    public void EveryIdentifierHasExactlyOneAnalyzer() =>
        Assert.That(Rules.Select(r => r.Id), Is.EquivalentTo(Ids()));

    [TestCaseSource(nameof(Ids))]
    public void RuleLinksToItsPageAndThePageExistsInBothLanguages(string id)
    {
        var rule = Rules.Single(r => r.Id == id);
        var docs = Path.Combine(Repository.Root, "docs", "rules");
        Assert.Multiple(() =>
        {
            // Built in this checkout with no published base, the link opens the page here, offline.
            Assert.That(new Uri(rule.HelpLinkUri).IsFile, rule.HelpLinkUri);
            Assert.That(Path.GetFullPath(new Uri(rule.HelpLinkUri).LocalPath), Is.EqualTo(Path.GetFullPath(Path.Combine(docs, $"{id}.md"))));
            Assert.That(File.ReadAllText(Path.Combine(docs, $"{id}.md")), Does.Contain($"# {id}").And.Contain("RFC"));
            Assert.That(File.ReadAllText(Path.Combine(docs, $"{id}.zh-Hant.md")), Does.Contain($"# {id}").And.Contain("RFC"));
        });
    }

    [TestCaseSource(nameof(Ids))]
    public void TitleAndMessageAreTranslatedIntoTraditionalChinese(string id)
    {
        var rule = Rules.Single(r => r.Id == id);
        var english = CultureInfo.GetCultureInfo("en");
        var chinese = CultureInfo.GetCultureInfo("zh-Hant");
        Assert.Multiple(() =>
        {
            Assert.That(rule.Title.ToString(chinese), Is.Not.EqualTo(rule.Title.ToString(english)));
            Assert.That(rule.MessageFormat.ToString(chinese), Does.Match(@"\p{IsCJKUnifiedIdeographs}"));
            Assert.That(rule.Description.ToString(chinese), Does.Match(@"\p{IsCJKUnifiedIdeographs}"));
            // A Hong Kong or Taiwan IDE falls back from zh-HK / zh-TW to zh-Hant.
            Assert.That(rule.Title.ToString(CultureInfo.GetCultureInfo("zh-HK")), Is.EqualTo(rule.Title.ToString(chinese)));
        });
    }

    [Test]
    public void BothResourceFilesHaveTheSameKeys()
    {
        var folder = Path.Combine(Repository.Root, "analyzers", "TcpKata.Analyzers");
        static IEnumerable<string> Keys(string file) => System.Xml.Linq.XDocument.Load(file).Root!.Elements("data").Select(e => (string)e.Attribute("name")!);
        Assert.That(Keys(Path.Combine(folder, "Resources.zh-Hant.resx")), Is.EquivalentTo(Keys(Path.Combine(folder, "Resources.resx"))));
    }

    [Test]
    public void ReleaseTrackingListsEveryRule()
    {
        var unshipped = File.ReadAllText(Path.Combine(Repository.Root, "analyzers", "TcpKata.Analyzers", "AnalyzerReleases.Unshipped.md"));
        Assert.That(Ids(), Has.All.Matches<string>(id => unshipped.Contains(id + " |")));
    }

    // The documentation pages are kept in step with the descriptors the way NUnit.Analyzers' DocumentationTests do it:
    // the heading is the ID and the title, the table states the descriptor's severity, default and category.
    [TestCaseSource(nameof(Ids))]
    public void PagesStateWhatTheDescriptorSays(string id)
    {
        var rule = Rules.Single(r => r.Id == id);
        var docs = Path.Combine(Repository.Root, "docs", "rules");
        var english = File.ReadAllLines(Path.Combine(docs, $"{id}.md"));
        var chinese = File.ReadAllLines(Path.Combine(docs, $"{id}.zh-Hant.md"));
        static string Row(string[] page, string topic) =>
            page.Select(l => l.Split('|', StringSplitOptions.TrimEntries)).FirstOrDefault(c => c.Length > 3 && c[1] == topic)?[2] ?? "(no row)";
        Assert.Multiple(() =>
        {
            Assert.That(english[0], Is.EqualTo($"# {id}: {rule.Title.ToString(CultureInfo.GetCultureInfo("en"))}"));
            Assert.That(chinese[0], Is.EqualTo($"# {id}：{rule.Title.ToString(CultureInfo.GetCultureInfo("zh-Hant"))}"));
            foreach (var (page, idRow, severityRow, enabledRow, categoryRow) in new[] { (english, "Id", "Severity", "Enabled", "Category"), (chinese, "Id", "嚴重性", "預設啟用", "類別") })
            {
                Assert.That(Row(page, idRow), Is.EqualTo(id));
                Assert.That(Row(page, severityRow), Is.EqualTo(rule.DefaultSeverity.ToString()));
                Assert.That(Row(page, enabledRow), Is.EqualTo(rule.IsEnabledByDefault.ToString()));
                Assert.That(Row(page, categoryRow), Is.EqualTo(rule.Category));
            }
        });
    }

    [Test]
    public void TheIndexListsEveryRuleWithItsTitleAndCategory()
    {
        var index = File.ReadAllLines(Path.Combine(Repository.Root, "docs", "rules", "README.md"))
            .Where(l => l.StartsWith("| [TCPK", StringComparison.Ordinal)).ToList();
        var expected = Rules.Select(r => $"| [{r.Id}]({r.Id}.md) | {r.Title.ToString(CultureInfo.GetCultureInfo("en"))} | {r.Category} | ").ToList();
        Assert.That(index.Select((line, i) => i < expected.Count && line.StartsWith(expected[i], StringComparison.Ordinal) ? expected[i] : line), Is.EqualTo(expected));
    }

    // The rule IDs are written in code once (AnalyzerIdentifiers); the build's list (warnings in students' code, errors in
    // the solutions) and the grader's penalty list are checked against it.
    [Test]
    public void TheBuildAndTheGraderNameOnlyRulesThatExist()
    {
        var props = System.Xml.Linq.XDocument.Load(Path.Combine(Repository.Root, "Directory.Build.props"));
        var built = props.Descendants("TcpKataRules").Single().Value.Split(';', StringSplitOptions.RemoveEmptyEntries);
        using var grading = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, "grading.json")),
            new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip });
        var penalised = grading.RootElement.GetProperty("analyzerPenalty").GetProperty("rules").EnumerateArray().Select(r => r.GetString()!);
        Assert.Multiple(() =>
        {
            Assert.That(built, Is.EquivalentTo(Ids()), "Directory.Build.props TcpKataRules");
            Assert.That(penalised, Is.SubsetOf(Ids()), "grading.json analyzerPenalty.rules");
        });
    }

    [Test]
    public void HelpBase_APublishedUrl_IsUsedAsItIs() =>
        Assert.That(DiagnosticDescriptorCreator.HelpBase("https://example.edu/tcpkata/docs/rules"), Is.EqualTo("https://example.edu/tcpkata/docs/rules/"));
}
