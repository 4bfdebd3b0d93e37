using TcpKata.Instructor;
using TcpKata.Instructor.Grading;
using TcpKata.Engine;

namespace TcpKata.Instructor.Tests;

/// <summary>grading.json: the repository's own, and every way one can be wrong.</summary>
public sealed class GradingManifestTests : TempFolder
{
    private static readonly IReadOnlyList<Exercise> Exercises = ExerciseCatalog.Load(ToolCommandLine.RepositoryRoot()!);

    private string Write(string json)
    {
        var path = Path.Combine(Folder, "grading.json");
        File.WriteAllText(path, json);
        return path;
    }

    private static string AllExercises(string first = """{ "slug": "01-client-handshake", "points": 15 }""") =>
        string.Join(",\n", new[] { first }.Concat(Exercises.Skip(1).Select(e => $$"""{ "slug": "{{e.Slug}}", "points": 10 }""")));

    [Test]
    public void TheRepositorysManifestGradesEveryExerciseOutOf100()
    {
        var manifest = GradingManifest.Load(Path.Combine(ToolCommandLine.RepositoryRoot()!.FullName, GradingManifest.FileName), Exercises);
        Assert.Multiple(() =>
        {
            Assert.That(manifest.Exercises.Select(e => e.Slug), Is.EqualTo(Exercises.Select(e => e.Slug)));
            Assert.That(manifest.MaxScore, Is.EqualTo(100));
            Assert.That(manifest.Limits.TimeoutSeconds, Is.GreaterThan(0));
        });
    }

    [Test]
    public void PointsAreSharedAmongTestsByWeight()
    {
        var exercise = new ExerciseGrading("06-echo-server", 10, new Dictionary<string, double> { ["CloseWait"] = 3 });
        var shares = exercise.Share(["A.Echoes", "A.LeavesNothingInCloseWait"]);
        Assert.Multiple(() =>
        {
            Assert.That(shares["A.Echoes"], Is.EqualTo(2.5));
            Assert.That(shares["A.LeavesNothingInCloseWait"], Is.EqualTo(7.5));
            Assert.That(shares.Values.Sum(), Is.EqualTo(10));
        });
    }

    [Test]
    public void AnalyzerPenaltyCountsOnlyTheListedRulesUpToTheCap()
    {
        var penalty = new AnalyzerPenalty(0.5, 1.0, ["TCPK001", "TCPK002"]);
        Assert.Multiple(() =>
        {
            Assert.That(penalty.For(["TCPK001", "TCPK006"]), Is.EqualTo(0.5));
            Assert.That(penalty.For(["TCPK001", "TCPK002", "TCPK001"]), Is.EqualTo(1.0));
            Assert.That(AnalyzerPenalty.None.For(["TCPK001"]), Is.Zero);
        });
    }

    [Test]
    public void MalformedJsonNamesTheFileAndLine()
    {
        var path = Write("{\n  \"exercises\": [\n    { \"slug\": \"01-client-handshake\", \"points\": }\n  ]\n}");
        Assert.That(() => GradingManifest.Load(path, Exercises),
            Throws.TypeOf<GradingManifestException>().With.Message.StartsWith(path + ":3:"));
    }

    [Test]
    public void UnknownExerciseIsNamedWithTheOnesThatExist()
    {
        var path = Write($$"""{ "exercises": [ {{AllExercises()}}, { "slug": "08-congestion", "points": 5 } ] }""");
        Assert.That(() => GradingManifest.Load(path, Exercises),
            Throws.TypeOf<GradingManifestException>().With.Message.Contains("exercise \"08-congestion\" is not a folder in exercises/ (there are: 01-client-handshake"));
    }

    [Test]
    public void AnExerciseLeftOutIsAnErrorNotAZero()
    {
        var path = Write("""{ "exercises": [ { "slug": "01-client-handshake", "points": 100 } ] }""");
        Assert.That(() => GradingManifest.Load(path, Exercises),
            Throws.TypeOf<GradingManifestException>().With.Message.Contains("exercise \"02-server-handshake\" has no entry"));
    }

    [Test]
    public void NegativePointsWeightsAndLimitsAreErrors()
    {
        var path = Write($$"""
            { "exercises": [ {{AllExercises("""{ "slug": "01-client-handshake", "points": -1, "weights": { "Script": 0 } }""")}} ],
              "limits": { "timeoutSeconds": 0, "memoryMegabytes": 10, "outputKilobytes": 10 } }
            """);
        Assert.That(() => GradingManifest.Load(path, Exercises), Throws.TypeOf<GradingManifestException>()
            .With.Message.Contains("negative points").And.Message.Contains("weight 0 for \"Script\"").And.Message.Contains("limits must be positive"));
    }

    [Test]
    public void AnUnknownSettingIsAnErrorNotIgnored()
    {
        var path = Write($$"""{ "exercises": [ {{AllExercises()}} ], "timeout": 30 }""");
        Assert.That(() => GradingManifest.Load(path, Exercises),
            Throws.TypeOf<GradingManifestException>().With.Message.Contains("timeout"));
    }

    [Test]
    public void MissingPenaltyAndLimitsTakeTheDefaults()
    {
        var manifest = GradingManifest.Load(Write($$"""{ "exercises": [ {{AllExercises()}} ] }"""), Exercises);
        Assert.Multiple(() =>
        {
            Assert.That(manifest.AnalyzerPenalty, Is.EqualTo(AnalyzerPenalty.None));
            Assert.That(manifest.Limits, Is.EqualTo(GradingLimits.Default));
        });
    }
}
