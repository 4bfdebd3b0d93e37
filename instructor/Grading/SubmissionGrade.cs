using TcpKata.Engine;

namespace TcpKata.Instructor.Grading;

/// <summary>One test's share of its exercise's points, and whether the submission earned it.</summary>
internal sealed record TestGrade(TestOutcome Outcome, double Score, double MaxScore);

/// <summary>One exercise: what compiling it said, its tests, its TCPK findings and their cost.</summary>
internal sealed record ExerciseGrade(string Slug, ExerciseCompilation Compilation, IReadOnlyList<TestGrade> Tests, double Penalty, double MaxScore)
{
    // Never below 0, never above the exercise's points, whatever its tests reported.
    public double Score => Math.Round(Math.Clamp(Tests.Sum(t => t.Score) - Penalty, 0, MaxScore), 2);
}

/// <summary>A submission, scored: what the intake noticed, every exercise, the tests no exercise owns (scenarios), and,
/// when its code ran without an OS sandbox, why.</summary>
internal sealed record SubmissionGrade(Submission Submission, IReadOnlyList<ExerciseGrade> Exercises, IReadOnlyList<TestOutcome> Unscored,
    string? WithoutSandbox = null)
{
    public double Score => Math.Round(Exercises.Sum(e => e.Score), 2);

    public double MaxScore => Exercises.Sum(e => e.MaxScore);

    /// <summary>Scores a submission's outcomes with the manifest: an exercise's points shared by weight among its tests.</summary>
    public static SubmissionGrade Of(Submission submission, CompiledExercises compiled, IReadOnlyList<TestOutcome> outcomes,
        IReadOnlyList<Exercise> catalog, GradingManifest manifest, string? withoutSandbox = null)
    {
        var exercises = new List<ExerciseGrade>();
        var owned = new HashSet<string>();
        foreach (var exercise in catalog)
        {
            var grading = manifest.Find(exercise.Slug)!;
            var tests = outcomes.Where(o => exercise.Owns(o.FullName)).ToList();
            owned.UnionWith(tests.Select(t => t.FullName));
            var shares = grading.Share(tests.Select(t => t.FullName));
            var compilation = compiled[exercise.Slug];
            var penalty = manifest.AnalyzerPenalty.For(compilation.Findings.Select(f => f.Id));
            exercises.Add(new ExerciseGrade(exercise.Slug, compilation,
                tests.Select(t => new TestGrade(t, t.Passed ? shares[t.FullName] : 0, shares[t.FullName])).ToList(),
                penalty, grading.Points));
        }
        return new SubmissionGrade(submission, exercises, outcomes.Where(o => !owned.Contains(o.FullName)).ToList(), withoutSandbox);
    }
}
