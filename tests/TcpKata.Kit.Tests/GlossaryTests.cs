using System.Text.RegularExpressions;

namespace TcpKata.Kit.Tests;

/// <summary>
/// Every Chinese text (exercise READMEs, rule pages, the analyzers' messages) speaks docs/glossary.zh-Hant.md's one
/// vocabulary: no word from its "avoid" column outside 「」, where the notes are quoted as they were written.
/// </summary>
public sealed partial class GlossaryTests
{
    private static readonly string Glossary = Path.Combine(Repository.Root, "docs", "glossary.zh-Hant.md");

    // (avoid, use) from the glossary's table: its third column against its first.
    private static IReadOnlyList<(string Avoid, string Use)> Variants() =>
        File.ReadAllLines(Glossary)
            .Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| 用這個", StringComparison.Ordinal))
            .Select(l => l.Split('|', StringSplitOptions.TrimEntries))
            .Where(c => c[3].Length > 0)
            .Select(c => (Regex.Replace(c[3], "（.*）", ""), c[1]))
            .ToList();

    private static IEnumerable<TestCaseData> ChineseTexts() =>
        Directory.EnumerateFiles(Repository.Root, "*.zh-Hant.*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Repository.Root, f).Replace('\\', '/'))
            .Where(f => (f.EndsWith(".md", StringComparison.Ordinal) || f.EndsWith(".resx", StringComparison.Ordinal)) && f != "docs/glossary.zh-Hant.md")
            .Where(f => !f.Split('/').Any(part => part is "bin" or "obj" or "node_modules" or ".git"))
            .Order(StringComparer.Ordinal)
            .Select(f => new TestCaseData(f).SetArgDisplayNames(f));

    [Test]
    public void Glossary_HasTheTermsTheIssueNamed() =>
        Assert.That(Variants().Select(v => v.Avoid), Is.SupersetOf(new[] { "用戶端", "回傳", "序列號", "交握", "網路", "套件" }));

    [TestCaseSource(nameof(ChineseTexts))]
    public void ChineseText_UsesTheGlossarysWords(string file)
    {
        var text = Quoted().Replace(File.ReadAllText(Path.Combine(Repository.Root, file)), "");
        var found = Variants().Where(v => text.Contains(v.Avoid, StringComparison.Ordinal)).Select(v => $"{v.Avoid} (use {v.Use})").ToList();
        Assert.That(found, Is.Empty, $"{file} uses words docs/glossary.zh-Hant.md avoids");
    }

    [GeneratedRegex("「[^」]*」")]
    private static partial Regex Quoted();
}
