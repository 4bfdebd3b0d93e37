using System.Text.Json;
using System.Text.RegularExpressions;

namespace TcpKata.Engine;

/// <summary>
/// An exercise as its folder describes it: the manifest in .meta/config.json and the README's hints. The slug
/// (<c>04-active-close</c>) is its identity; everything else a student types or reads is derived from it here.
/// <see cref="SolutionFiles"/> are what the student edits (the manifest's files.solution), relative to the repository root.
/// </summary>
public sealed record Exercise(string Slug, string Title, IReadOnlyList<string> Hints, IReadOnlyList<string> SolutionFiles)
{
    /// <summary>The hints of the README.zh-Hant.md ("## 提示"), in the same order as <see cref="Hints"/>.</summary>
    public IReadOnlyList<string> ChineseHints { get; init; } = [];

    /// <summary>The word for <c>dotnet test --filter</c>, the CLI and the READMEs: the slug without its number, in
    /// PascalCase (<c>04-active-close</c> → <c>ActiveClose</c>). Test names contain it only in this exercise's tests.</summary>
    public string FilterWord => FilterWordOf(Slug);

    /// <summary>The namespace of this exercise's tests: <c>TcpKata.Tests.Exercise04_ActiveClose</c>. The number keeps
    /// NUnit (which runs and reports namespaces in name order) in the order students work.</summary>
    public string TestNamespace => $"TcpKata.Tests.Exercise{Slug[..2]}_{FilterWord}";

    /// <summary>Whether the test (NUnit's full name, or a TRX class name) is one of this exercise's. The one place a test is
    /// attributed to its exercise: the CLI's progress and watch, and the grader, all ask here.</summary>
    public bool Owns(string testFullName) => testFullName.StartsWith(TestNamespace + ".", StringComparison.Ordinal);

    /// <summary>What the exercise READMEs, progress and watch print: <c>dotnet test --filter ActiveClose</c>.</summary>
    public string TestCommand => $"dotnet test --filter {FilterWord}";

    public static string FilterWordOf(string slug) =>
        string.Concat(slug.Split('-').Skip(1).Select(part => char.ToUpperInvariant(part[0]) + part[1..]));
}

/// <summary>Reads exercises/*/.meta/config.json, in folder order: the manifests are the source of truth, nothing is guessed.</summary>
public static partial class ExerciseCatalog
{
    public static IReadOnlyList<Exercise> Load(DirectoryInfo root)
    {
        var exercises = new List<Exercise>();
        foreach (var folder in Directory.EnumerateDirectories(Path.Combine(root.FullName, "exercises")).Order(StringComparer.Ordinal))
        {
            var manifest = Path.Combine(folder, ".meta", "config.json");
            if (!File.Exists(manifest)) continue;
            using var json = JsonDocument.Parse(File.ReadAllText(manifest));
            var slug = json.RootElement.GetProperty("slug").GetString()!;
            if (slug != Path.GetFileName(folder) || !SlugPattern().IsMatch(slug))
                throw new InvalidDataException($"{manifest}: slug \"{slug}\" must be the folder's name, NN-words-in-lowercase");
            // The manifest states the filter word for tools that read manifests only (Exercism's, an LMS); it must be
            // the one derived from the slug, or students would be told two words.
            var filter = json.RootElement.GetProperty("test_filter").GetString();
            if (filter != Exercise.FilterWordOf(slug))
                throw new InvalidDataException($"{manifest}: test_filter is \"{filter}\"; for slug {slug} it must be \"{Exercise.FilterWordOf(slug)}\"");
            var readme = Path.Combine(folder, "README.md");
            var chinese = Path.Combine(folder, "README.zh-Hant.md");
            exercises.Add(new Exercise(
                slug,
                json.RootElement.GetProperty("title").GetString()!,
                File.Exists(readme) ? Hints(File.ReadAllText(readme)) : [],
                json.RootElement.GetProperty("files").GetProperty("solution").EnumerateArray().Select(f => f.GetString()!).ToList())
            {
                ChineseHints = File.Exists(chinese) ? Hints(File.ReadAllText(chinese), "提示") : [],
            });
        }
        return exercises;
    }

    /// <summary>The exercise a test belongs to, or null for a test of none (the kit's scenario snapshots).</summary>
    public static Exercise? ExerciseOf(this IReadOnlyList<Exercise> exercises, string testFullName) =>
        exercises.FirstOrDefault(e => e.Owns(testFullName));

    /// <summary>An exercise by slug (<c>03-passive-close</c>), number (<c>3</c>, <c>03</c>) or filter word (<c>PassiveClose</c>).</summary>
    public static Exercise? Find(this IReadOnlyList<Exercise> exercises, string name) =>
        exercises.FirstOrDefault(e => e.Slug == name
                                      || e.Slug.StartsWith(name.PadLeft(2, '0') + "-", StringComparison.Ordinal)
                                      || string.Equals(e.FilterWord, name, StringComparison.OrdinalIgnoreCase));

    [GeneratedRegex(@"^\d\d(-[a-z]+)+$")]
    private static partial Regex SlugPattern();

    private static Regex HintsSection(string heading) =>
        new($@"^## {Regex.Escape(heading)}\s*\n(?<body>.*?)(?=^## |\z)", RegexOptions.Multiline | RegexOptions.Singleline);

    [GeneratedRegex(@"^\d+\.\s+", RegexOptions.Multiline)]
    private static partial Regex NumberedItem();

    /// <summary>The numbered items of the README's "## Hints" section (or the one <paramref name="heading"/> names), least revealing first.</summary>
    public static IReadOnlyList<string> Hints(string readme, string heading = "Hints")
    {
        var section = HintsSection(heading).Match(readme);
        if (!section.Success) return [];
        return NumberedItem().Split(section.Groups["body"].Value)
            .Select(h => Regex.Replace(h.Trim(), @"\s*\n\s*", " "))
            .Where(h => h.Length > 0).ToList();
    }
}
