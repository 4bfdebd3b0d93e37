using TcpKata.Analyzers;
using TcpKata.Engine;

namespace TcpKata.Instructor.Grading;

/// <summary>The grader's policy on the engine's compiler: the sandbox's banned APIs (TcpKata.BannedSymbols.txt, added to
/// TCPK006's list) send a file back to its stub, so a submission that reaches for them scores 0 on that exercise.</summary>
internal static class SubmissionCompiler
{
    public static ExerciseCompiler Create(DirectoryInfo root, IReadOnlyList<Exercise> exercises)
    {
        using var banned = new StreamReader(typeof(SubmissionCompiler).Assembly.GetManifestResourceStream("TcpKata.Instructor.Grading.BannedSymbols.txt")!);
        return new ExerciseCompiler(root, exercises,
            new Dictionary<string, string> { [NondeterministicApiAnalyzer.ExtraBannedSymbolsFile] = banned.ReadToEnd() },
            new HashSet<string> { AnalyzerIdentifiers.NondeterministicApi });
    }

    /// <summary>Compiles the files a submission brought (the stubs stand in for the rest).</summary>
    public static CompiledExercises Compile(this ExerciseCompiler compiler, Submission submission, CancellationToken cancellation = default) =>
        compiler.Compile(submission.Files, cancellation);
}
