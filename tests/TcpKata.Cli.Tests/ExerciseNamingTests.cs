using System.Reflection;
using System.Text.RegularExpressions;

namespace TcpKata.Cli.Tests;

/// <summary>One name per exercise: the slug, and the filter word derived from it, which selects exactly that exercise's
/// tests and is the only word its README, stub and manifest tell students to type.</summary>
public sealed class ExerciseNamingTests
{
    private static readonly DirectoryInfo Root = ToolCommandLine.RepositoryRoot()!;
    private static readonly IReadOnlyList<Exercise> Exercises = ExerciseCatalog.Load(Root);

    // Namespace.Class.Method of every test in the exercise tests, as dotnet test --filter matches them.
    private static readonly List<string> TestNames = typeof(global::TcpKata.Tests.Support.Pkt).Assembly.GetTypes()
        .SelectMany(t => t.GetMethods().Where(m => m.GetCustomAttributes().Any(a => a is TestAttribute or TestCaseAttribute or TestCaseSourceAttribute))
            .Select(m => $"{t.FullName}.{m.Name}"))
        .ToList();

    // An exercise's extension (tests in the namespace TcpKata.Tests.ExtensionNN_Word, outside the exercise's) is the one other
    // word its README may name: dotnet test --filter Word runs the extension alone.
    private static List<string> ExtensionWords(Exercise exercise) =>
        TestNames.Select(n => Regex.Match(n, $@"^TcpKata\.Tests\.Extension{exercise.Slug[..2]}_(\w+?)\.")).Where(m => m.Success)
            .Select(m => m.Groups[1].Value).Distinct().ToList();

    [Test]
    public void EachExtensionWordSelectsExactlyItsExtensionsTests()
    {
        var extensions = Exercises.SelectMany(e => ExtensionWords(e).Select(w => (Exercise: e, Word: w))).ToList();
        Assert.That(extensions.Select(e => e.Word), Has.Member("LinuxSynSchedule"));
        Assert.Multiple(() =>
        {
            foreach (var (exercise, word) in extensions)
                Assert.That(TestNames.Where(n => n.Contains(word, StringComparison.Ordinal)),
                    Is.Not.Empty.And.All.StartsWith($"TcpKata.Tests.Extension{exercise.Slug[..2]}_{word}."), $"dotnet test --filter {word}");
        });
    }

    [Test]
    public void EachFilterWordSelectsExactlyItsExercisesTests()
    {
        Assert.That(TestNames, Has.Count.GreaterThan(50));
        Assert.Multiple(() =>
        {
            foreach (var exercise in Exercises)
            {
                var selected = TestNames.Where(n => n.Contains(exercise.FilterWord, StringComparison.Ordinal)).ToList();
                Assert.That(selected, Is.Not.Empty, exercise.Slug);
                Assert.That(selected, Is.EquivalentTo(TestNames.Where(exercise.Owns)), $"dotnet test --filter {exercise.FilterWord}");
            }
        });
    }

    [Test]
    public void ReadmesStubsAndManifestsNameTheSameWord()
    {
        Assert.Multiple(() =>
        {
            foreach (var exercise in Exercises)
            {
                var folder = Path.Combine(Root.FullName, "exercises", exercise.Slug);
                var texts = Directory.EnumerateFiles(folder, "*.*", SearchOption.AllDirectories).Where(f => Path.GetExtension(f) is ".md" or ".cs" or ".json").ToList();
                var words = texts.SelectMany(f => Regex.Matches(File.ReadAllText(f), @"--filter (\w+)|""test_filter"": ""(\w+)""")
                    .Select(m => (File: Path.GetFileName(f), Word: m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value))).ToList();
                Assert.That(words.Select(w => w.File).Distinct(), Is.SupersetOf(new[] { "README.md", "README.zh-Hant.md", "config.json" }), exercise.Slug);
                var extensions = ExtensionWords(exercise);
                Assert.That(words.Where(w => w.Word != exercise.FilterWord && !extensions.Contains(w.Word)), Is.Empty,
                    $"{exercise.Slug}: its word is {exercise.FilterWord}" + (extensions.Count > 0 ? $" (its extension's: {string.Join(", ", extensions)})" : ""));
            }
        });
    }

    [Test]
    public void AManifestWhoseFilterIsNotTheSlugsWordIsRefused()
    {
        var root = Directory.CreateTempSubdirectory("tcpkata-catalog-");
        try
        {
            var meta = Directory.CreateDirectory(Path.Combine(root.FullName, "exercises", "03-passive-close", ".meta"));
            File.WriteAllText(Path.Combine(meta.FullName, "config.json"),
                """{ "slug": "03-passive-close", "title": "t", "files": { "solution": [] }, "test_filter": "Exercise03" }""");
            Assert.That(() => ExerciseCatalog.Load(root), Throws.TypeOf<InvalidDataException>().With.Message.Contains("must be \"PassiveClose\""));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}
