using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using TcpKata.Analyzers;

namespace TcpKata.Cli.Grading;

/// <summary>How one exercise's files fared at compile time.</summary>
internal enum CompileStatus
{
    /// <summary>The student's files compiled.</summary>
    Compiled,
    /// <summary>No file was submitted: the untouched stub was compiled in its place.</summary>
    NotSubmitted,
    /// <summary>The student's files did not compile: the stub was compiled in their place, so the exercise scores 0.</summary>
    CompileError,
    /// <summary>The files use an API the sandbox refuses (TCPK006): the stub was compiled in their place.</summary>
    Refused,
}

/// <summary>One exercise after compiling: its status, the compiler's or the sandbox's messages, and its TCPK findings.</summary>
internal sealed record ExerciseCompilation(string Slug, CompileStatus Status, IReadOnlyList<string> Messages, IReadOnlyList<Diagnostic> Findings);

/// <summary>A submission compiled into the TcpKata.Exercises assembly, in memory.</summary>
internal sealed record CompiledSubmission(byte[] Assembly, IReadOnlyList<ExerciseCompilation> Exercises)
{
    public ExerciseCompilation this[string slug] => Exercises.Single(e => e.Slug == slug);
}

/// <summary>
/// Compiles a submission's exercise files with Roslyn, in memory, against .NET 10's reference assemblies and the
/// prebuilt kit: no project files, no MSBuild. A file that does not compile, or that uses an API the sandbox
/// refuses, is replaced by its untouched stub and the rest compiled again, so a broken exercise costs that
/// exercise only. Built once per grading run; <see cref="Compile"/> may be called from several threads.
/// </summary>
internal sealed class SubmissionCompiler
{
    private static readonly CSharpParseOptions ParseOptions = CompilationDefaults.ParseOptions;
    private static readonly SyntaxTree GlobalUsings = CompilationDefaults.GlobalUsings();

    private static readonly CSharpCompilationOptions Options = new(
        OutputKind.DynamicallyLinkedLibrary,
        nullableContextOptions: NullableContextOptions.Enable,
        optimizationLevel: OptimizationLevel.Release,
        allowUnsafe: false,
        deterministic: true);

    private readonly IReadOnlyList<Exercise> _exercises;
    private readonly Dictionary<string, string> _stubs;
    private readonly ImmutableArray<DiagnosticAnalyzer> _analyzers;
    private readonly AnalyzerOptions _analyzerOptions;

    public SubmissionCompiler(DirectoryInfo root, IReadOnlyList<Exercise> exercises)
    {
        _exercises = exercises;
        _stubs = exercises.SelectMany(e => e.SolutionFiles)
            .ToDictionary(f => f, f => File.ReadAllText(Path.Combine(root.FullName, f)));
        _analyzers = [.. typeof(AnalyzerIdentifiers).Assembly.GetTypes()
            .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)];
        using var sandbox = new StreamReader(typeof(SubmissionCompiler).Assembly.GetManifestResourceStream("TcpKata.Cli.Grading.BannedSymbols.txt")!);
        _analyzerOptions = new AnalyzerOptions([new InMemoryText(NondeterministicApiAnalyzer.ExtraBannedSymbolsFile, sandbox.ReadToEnd())]);
    }

    public CompiledSubmission Compile(Submission submission, CancellationToken cancellation = default)
    {
        var sources = _stubs.ToDictionary(stub => stub.Key, stub => submission.Files.GetValueOrDefault(stub.Key) ?? stub.Value);
        var fromStudent = _stubs.Keys.Where(submission.Files.ContainsKey).ToHashSet();
        var replaced = new Dictionary<string, (CompileStatus Status, List<string> Messages)>();

        // Each round replaces the student files that fail with their stubs; the stubs always compile, so this ends.
        while (true)
        {
            var compilation = CSharpCompilation.Create("TcpKata.Exercises",
                [GlobalUsings, .. sources.Select(s => CSharpSyntaxTree.ParseText(SourceText.From(s.Value, System.Text.Encoding.UTF8), ParseOptions, s.Key, cancellation))],
                CompilationDefaults.References, Options);
            var errors = compilation.GetDiagnostics(cancellation).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            var findings = errors.Count > 0 ? [] : compilation.WithAnalyzers(_analyzers, _analyzerOptions)
                .GetAnalyzerDiagnosticsAsync(cancellation).GetAwaiter().GetResult();
            var refusals = findings.Where(d => d.Id == AnalyzerIdentifiers.NondeterministicApi).ToList();

            var failing = errors.Select(e => (Diagnostic: e, Status: CompileStatus.CompileError))
                .Concat(refusals.Select(r => (Diagnostic: r, Status: CompileStatus.Refused)))
                .GroupBy(f => f.Diagnostic.Location.SourceTree?.FilePath ?? "")
                .ToList();
            // An error outside the student's files (a stub broken by another file, say) cannot be blamed on one
            // file: every student file goes back to its stub.
            var blamed = failing.Any(f => !fromStudent.Contains(f.Key)) ? fromStudent.ToList() : failing.Select(f => f.Key).ToList();
            if (blamed.Count == 0)
            {
                using var assembly = new MemoryStream();
                var emitted = compilation.Emit(assembly, cancellationToken: cancellation);
                if (!emitted.Success)
                    throw new InvalidOperationException("the stubs did not emit: " + string.Join("; ", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
                return new CompiledSubmission(assembly.ToArray(), Summarize(submission, replaced, findings));
            }
            foreach (var file in blamed)
            {
                var messages = failing.Where(f => f.Key == file).SelectMany(f => f).ToList();
                var status = messages.Count > 0 && messages.All(m => m.Status == CompileStatus.Refused) ? CompileStatus.Refused : CompileStatus.CompileError;
                replaced[file] = (status, messages.Count > 0
                    ? messages.Select(m => m.Diagnostic.ToString()).ToList()
                    : ["does not compile with the other files of this submission: " + string.Join("; ", failing.SelectMany(f => f).Take(3).Select(f => f.Diagnostic.ToString()))]);
                sources[file] = _stubs[file];
                fromStudent.Remove(file);
            }
        }
    }

    private List<ExerciseCompilation> Summarize(Submission submission, Dictionary<string, (CompileStatus Status, List<string> Messages)> replaced,
        ImmutableArray<Diagnostic> findings) =>
        _exercises.Select(exercise =>
        {
            var files = exercise.SolutionFiles;
            var own = findings.Where(d => files.Contains(d.Location.SourceTree?.FilePath ?? "")).ToList();
            if (files.FirstOrDefault(replaced.ContainsKey) is { } broken)
                return new ExerciseCompilation(exercise.Slug, replaced[broken].Status, files.Where(replaced.ContainsKey).SelectMany(f => replaced[f].Messages).ToList(), []);
            if (!files.Any(submission.Files.ContainsKey))
                return new ExerciseCompilation(exercise.Slug, CompileStatus.NotSubmitted, [], []);
            return new ExerciseCompilation(exercise.Slug, CompileStatus.Compiled, [], own);
        }).ToList();

    private sealed class InMemoryText(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;
        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }
}
