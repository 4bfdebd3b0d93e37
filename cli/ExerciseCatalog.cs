using System.Text.Json;
using System.Text.RegularExpressions;

namespace TcpKata.Cli;

/// <summary>
/// An exercise as its folder describes it: the manifest in .meta/config.json and the README's hints.
/// <see cref="SolutionFiles"/> are what the student edits (the manifest's files.solution), relative to the repository root.
/// </summary>
internal sealed record Exercise(string Slug, string Title, string TestNamespace, IReadOnlyList<string> Hints, IReadOnlyList<string> SolutionFiles);

/// <summary>Reads exercises/*/.meta/config.json, in folder order: the manifests are the source of truth, nothing is guessed.</summary>
internal static partial class ExerciseCatalog
{
    public static IReadOnlyList<Exercise> Load(DirectoryInfo root)
    {
        var exercises = new List<Exercise>();
        foreach (var folder in Directory.EnumerateDirectories(Path.Combine(root.FullName, "exercises")).Order(StringComparer.Ordinal))
        {
            var manifest = Path.Combine(folder, ".meta", "config.json");
            if (!File.Exists(manifest)) continue;
            using var json = JsonDocument.Parse(File.ReadAllText(manifest));
            var filter = json.RootElement.GetProperty("test_filter").GetString() ?? "";
            var readme = Path.Combine(folder, "README.md");
            exercises.Add(new Exercise(
                json.RootElement.GetProperty("slug").GetString()!,
                json.RootElement.GetProperty("title").GetString()!,
                filter.Replace("FullyQualifiedName~", "", StringComparison.Ordinal),
                File.Exists(readme) ? Hints(File.ReadAllText(readme)) : [],
                json.RootElement.GetProperty("files").GetProperty("solution").EnumerateArray().Select(f => f.GetString()!).ToList()));
        }
        return exercises;
    }

    [GeneratedRegex(@"^## Hints\s*\n(?<body>.*?)(?=^## |\z)", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex HintsSection();

    [GeneratedRegex(@"^\d+\.\s+", RegexOptions.Multiline)]
    private static partial Regex NumberedItem();

    /// <summary>The numbered items of the README's "## Hints" section, least revealing first.</summary>
    internal static IReadOnlyList<string> Hints(string readme)
    {
        var section = HintsSection().Match(readme);
        if (!section.Success) return [];
        return NumberedItem().Split(section.Groups["body"].Value)
            .Select(h => Regex.Replace(h.Trim(), @"\s*\n\s*", " "))
            .Where(h => h.Length > 0).ToList();
    }
}
