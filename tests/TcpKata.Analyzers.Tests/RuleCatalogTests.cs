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
        Assert.That(rule.HelpLinkUri, Does.EndWith($"docs/rules/{id}.md"));
        var docs = Path.Combine(RepositoryRoot(), "docs", "rules");
        Assert.Multiple(() =>
        {
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
        var folder = Path.Combine(RepositoryRoot(), "analyzers", "TcpKata.Analyzers");
        static IEnumerable<string> Keys(string file) => System.Xml.Linq.XDocument.Load(file).Root!.Elements("data").Select(e => (string)e.Attribute("name")!);
        Assert.That(Keys(Path.Combine(folder, "Resources.zh-Hant.resx")), Is.EquivalentTo(Keys(Path.Combine(folder, "Resources.resx"))));
    }

    [Test]
    public void ReleaseTrackingListsEveryRule()
    {
        var unshipped = File.ReadAllText(Path.Combine(RepositoryRoot(), "analyzers", "TcpKata.Analyzers", "AnalyzerReleases.Unshipped.md"));
        Assert.That(Ids(), Has.All.Matches<string>(id => unshipped.Contains(id + " |")));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TcpKata.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("TcpKata.sln not found above " + TestContext.CurrentContext.TestDirectory);
    }
}
