using TcpKata.Analyzers;
using TcpKata.Engine;
using TcpKata.Instructor.Grading.Allowlist;

namespace TcpKata.Instructor.Grading;

/// <summary>
/// The grader's policy on the engine's compiler: a submission may name only the APIs on the allowlist
/// (TcpKata.AllowedApis.txt, checked by <see cref="AllowlistAnalyzer"/>), and TCPK006's nondeterministic APIs are refused
/// too. A refused file, or one whose compile outlasts <see cref="CompileTimeLimit"/>, is graded as its stub, so it scores
/// 0 on that exercise alone.
/// </summary>
internal static class SubmissionCompiler
{
    public const string AllowlistResource = "TcpKata.Instructor.Grading.AllowedApis.txt";

    /// <summary>How long one submission's compile may take (a few hundred bytes of nested generics can keep Roslyn busy for hours).</summary>
    public static readonly TimeSpan CompileTimeLimit = TimeSpan.FromSeconds(10);

    public static ApiAllowlist LoadAllowlist()
    {
        using var text = new StreamReader(typeof(SubmissionCompiler).Assembly.GetManifestResourceStream(AllowlistResource)!);
        return ApiAllowlist.Parse(text.ReadToEnd(), "TcpKata.AllowedApis.txt");
    }

    public static ExerciseCompiler Create(DirectoryInfo root, IReadOnlyList<Exercise> exercises) =>
        new(root, exercises, [new AllowlistAnalyzer(LoadAllowlist())],
            new HashSet<string> { AllowlistAnalyzer.RuleId, AnalyzerIdentifiers.NondeterministicApi });

    /// <summary>Compiles the files a submission brought (the stubs stand in for the rest).</summary>
    public static CompiledExercises Compile(this ExerciseCompiler compiler, Submission submission, CancellationToken cancellation = default) =>
        compiler.Compile(submission.Files, CompileTimeLimit, cancellation);
}
