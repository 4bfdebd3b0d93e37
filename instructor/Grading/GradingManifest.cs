using TcpKata.Engine;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TcpKata.Instructor.Grading;

/// <summary>
/// grading.json: how many points each exercise is worth, how they are shared among its tests, what a TCPK finding
/// costs, and the limits each submission runs under. Read once per grading run; every mistake in it is an error
/// that names the file and, where JSON can say, the line.
/// </summary>
internal sealed record GradingManifest(
    IReadOnlyList<ExerciseGrading> Exercises,
    AnalyzerPenalty AnalyzerPenalty,
    GradingLimits Limits)
{
    public const string FileName = "grading.json";

    public double MaxScore => Exercises.Sum(e => e.Points);

    public ExerciseGrading? Find(string slug) => Exercises.FirstOrDefault(e => e.Slug == slug);

    /// <summary>Reads <paramref name="path"/>, checking it against the exercises that exist.</summary>
    public static GradingManifest Load(string path, IReadOnlyList<Exercise> exercises)
    {
        GradingManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<GradingManifest>(File.ReadAllText(path), Options);
        }
        catch (JsonException e)
        {
            throw new GradingManifestException($"{path}:{e.LineNumber + 1}: {e.Message}");
        }
        if (manifest?.Exercises is null)
            throw new GradingManifestException($"{path}: no \"exercises\" list");

        var problems = new List<string>();
        foreach (var exercise in manifest.Exercises)
        {
            if (exercises.All(e => e.Slug != exercise.Slug))
                problems.Add($"exercise \"{exercise.Slug}\" is not a folder in exercises/ (there are: {string.Join(", ", exercises.Select(e => e.Slug))})");
            if (exercise.Points < 0) problems.Add($"exercise \"{exercise.Slug}\" has negative points ({exercise.Points})");
            foreach (var (pattern, weight) in exercise.Weights ?? new Dictionary<string, double>())
                if (weight <= 0) problems.Add($"exercise \"{exercise.Slug}\": weight {weight} for \"{pattern}\" must be positive");
        }
        foreach (var duplicate in manifest.Exercises.GroupBy(e => e.Slug).Where(g => g.Count() > 1))
            problems.Add($"exercise \"{duplicate.Key}\" is listed {duplicate.Count()} times");
        foreach (var missing in exercises.Where(e => manifest.Exercises.All(g => g.Slug != e.Slug)))
            problems.Add($"exercise \"{missing.Slug}\" has no entry (give it \"points\": 0 to leave it ungraded)");
        if (manifest.AnalyzerPenalty is { Points: < 0 } or { Max: < 0 }) problems.Add("analyzerPenalty points and max must not be negative");
        if (manifest.Limits is { TimeoutSeconds: <= 0 } or { MemoryMegabytes: <= 0 } or { OutputKilobytes: <= 0 } or { TestTimeoutSeconds: <= 0 }) problems.Add("limits must be positive");
        if (problems.Count > 0)
            throw new GradingManifestException($"{path}: " + string.Join($"{Environment.NewLine}{path}: ", problems));
        return manifest with
        {
            AnalyzerPenalty = manifest.AnalyzerPenalty ?? AnalyzerPenalty.None,
            Limits = manifest.Limits ?? GradingLimits.Default,
        };
    }

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter() },
    };
}

/// <summary>One exercise's points, and the weights of tests whose full name contains a pattern (1 otherwise).</summary>
internal sealed record ExerciseGrading(string Slug, double Points, IReadOnlyDictionary<string, double>? Weights = null)
{
    /// <summary>The weight of the test named <paramref name="fullName"/>: the largest matching pattern's, or 1.</summary>
    public double WeightOf(string fullName) =>
        (Weights ?? new Dictionary<string, double>()).Where(w => fullName.Contains(w.Key, StringComparison.Ordinal))
            .Select(w => w.Value).DefaultIfEmpty(1).Max();

    /// <summary>Shares the exercise's points among <paramref name="tests"/> by weight: test name to points.</summary>
    public IReadOnlyDictionary<string, double> Share(IEnumerable<string> tests)
    {
        var weights = tests.Distinct().ToDictionary(t => t, WeightOf);
        var total = weights.Values.Sum();
        return weights.ToDictionary(w => w.Key, w => total == 0 ? 0 : Points * w.Value / total);
    }
}

/// <summary>What each TCPK finding costs (only the listed rules), at most <see cref="Max"/> per exercise.</summary>
internal sealed record AnalyzerPenalty(double Points, double Max, IReadOnlyList<string>? Rules = null)
{
    public static readonly AnalyzerPenalty None = new(0, 0);

    public double For(IEnumerable<string> ruleIds) =>
        Math.Min(Max, Points * ruleIds.Count(id => Rules is null || Rules.Contains(id)));
}

/// <summary>
/// What one submission's test run may use: wall time for all its tests and for any one test (the virtual clock
/// makes a correct test take milliseconds, so a test that runs for seconds is looping), memory, and output per test.
/// </summary>
internal sealed record GradingLimits(int TimeoutSeconds, int MemoryMegabytes, int OutputKilobytes, int TestTimeoutSeconds = 10)
{
    public static readonly GradingLimits Default = new(60, 1024, 256);

    public WorkerLimits ForWorkers() => new(TimeoutSeconds, MemoryMegabytes, OutputKilobytes, TestTimeoutSeconds);
}

/// <summary>grading.json is wrong; the message names the file (and line) and what to change.</summary>
internal sealed class GradingManifestException(string message) : Exception(message);
