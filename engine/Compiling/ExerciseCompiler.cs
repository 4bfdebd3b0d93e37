using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using TcpKata.Analyzers;

namespace TcpKata.Engine;

/// <summary>How one exercise's files fared at compile time.</summary>
public enum CompileStatus
{
    /// <summary>The student's files compiled.</summary>
    Compiled,
    /// <summary>No file was submitted: the untouched stub was compiled in its place.</summary>
    NotSubmitted,
    /// <summary>The student's files did not compile: the stub was compiled in their place, so the exercise scores 0.</summary>
    CompileError,
    /// <summary>The files raise a finding the caller refuses (the grader refuses its sandbox's banned APIs): the stub was compiled in their place.</summary>
    Refused,
}

/// <summary>One exercise after compiling: its status, the compiler's or the sandbox's messages, and its TCPK findings.</summary>
public sealed record ExerciseCompilation(string Slug, CompileStatus Status, IReadOnlyList<string> Messages, IReadOnlyList<Finding> Findings);

/// <summary>Exercise files compiled into the TcpKata.Exercises assembly, in memory.</summary>
public sealed record CompiledExercises(byte[] Assembly, IReadOnlyList<ExerciseCompilation> Exercises)
{
    public ExerciseCompilation this[string slug] => Exercises.Single(e => e.Slug == slug);
}

/// <summary>A student's working copy compiled as it is written, as <c>dotnet build</c> would: the assembly and its reference
/// assembly (its public surface, what tests compile against) when it compiles, else the compiler's messages.</summary>
/// <param name="Assembly">The TcpKata.Exercises to test, when it compiled.</param>
/// <param name="ReferenceAssembly">Its public surface, what the tests compile against.</param>
/// <param name="Errors">As the compiler prints them, file(line,col): error CS...; warnings count as errors, as the projects say.</param>
/// <param name="Findings">The TCPK rules' findings (warnings to read, never a reason not to run).</param>
public sealed record WorkingCopyBuild(byte[]? Assembly, byte[]? ReferenceAssembly, IReadOnlyList<string> Errors, IReadOnlyList<Finding> Findings)
{
    public bool Compiled => Assembly is not null;
}

/// <summary>
/// Compiles exercise files (a student's working copy, or a submission) with Roslyn, in memory, against .NET 10's
/// reference assemblies and the prebuilt kit: no project files, no MSBuild. The TCPK rules run on the result. A file
/// that does not compile, or that raises a finding the caller refuses, is replaced by its untouched stub and the rest
/// compiled again, so a broken exercise costs that exercise only. What is refused is the caller's policy (the grader
/// adds its API allowlist and refuses its findings and TCPK006's); nothing is refused by default.
/// Built once; <c>Compile</c> may be called from several threads.
/// </summary>
public sealed class ExerciseCompiler
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
    private readonly IReadOnlySet<string> _refused;

    /// <param name="root">The repository, whose exercises/ hold the stubs.</param>
    /// <param name="exercises">The catalog: which files are the student's.</param>
    /// <param name="extraAnalyzers">Analyzers run with the TCPK rules (the grader's allowlist).</param>
    /// <param name="refusedRules">Rule IDs whose findings send a file back to its stub.</param>
    public ExerciseCompiler(DirectoryInfo root, IReadOnlyList<Exercise> exercises,
        IEnumerable<DiagnosticAnalyzer>? extraAnalyzers = null, IReadOnlySet<string>? refusedRules = null)
    {
        _exercises = exercises;
        _stubs = exercises.SelectMany(e => e.SolutionFiles)
            .ToDictionary(f => f, f => File.ReadAllText(Path.Combine(root.FullName, f)));
        _analyzers = [.. typeof(AnalyzerIdentifiers).Assembly.GetTypes()
            .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!), .. extraAnalyzers ?? []];
        _refused = refusedRules ?? new HashSet<string>();
    }

    /// <summary>
    /// Compiles <paramref name="files"/> (every exercise file, repository-relative path to content) as they are, with no stub
    /// standing in for a broken one: a student's own loop, where a compile error stops the run as it stops <c>dotnet test</c>.
    /// </summary>
    public WorkingCopyBuild CompileAsWritten(IReadOnlyDictionary<string, string> files, CancellationToken cancellation = default)
    {
        var compilation = CSharpCompilation.Create("TcpKata.Exercises",
            [GlobalUsings, .. files.OrderBy(f => f.Key, StringComparer.Ordinal)
                .Select(f => CSharpSyntaxTree.ParseText(SourceText.From(f.Value, System.Text.Encoding.UTF8), ParseOptions, f.Key, cancellation))],
            CompilationDefaults.References, Options);
        // The projects treat the compiler's warnings as errors (Directory.Build.props), so this loop does too.
        var errors = compilation.GetDiagnostics(cancellation)
            .Where(d => d.Severity == DiagnosticSeverity.Error || d is { Severity: DiagnosticSeverity.Warning, IsSuppressed: false })
            .OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal).ThenBy(d => d.Location.SourceSpan.Start)
            .Select(d => d.Severity == DiagnosticSeverity.Warning ? d.ToString().Replace(": warning ", ": error ") + " (a warning: the projects treat warnings as errors)" : d.ToString())
            .ToList();
        if (errors.Count > 0) return new WorkingCopyBuild(null, null, errors, []);
        var findings = compilation.WithAnalyzers(_analyzers, new AnalyzerOptions([])).GetAnalyzerDiagnosticsAsync(cancellation).GetAwaiter().GetResult()
            .Select(Finding.Of).OrderBy(f => f.File, StringComparer.Ordinal).ThenBy(f => f.Line).ToList();
        using var assembly = new MemoryStream();
        using var reference = new MemoryStream();
        var emitted = compilation.Emit(assembly, metadataPEStream: reference, cancellationToken: cancellation);
        if (!emitted.Success) return new WorkingCopyBuild(null, null, emitted.Diagnostics.Select(d => d.ToString()).ToList(), []);
        return new WorkingCopyBuild(assembly.ToArray(), reference.ToArray(), [], findings);
    }

    /// <summary>The untouched stubs, compiled: what the tests are compiled against.</summary>
    public CompiledExercises CompileStubs(CancellationToken cancellation = default) => Compile(new Dictionary<string, string>(), cancellation);

    /// <summary>Compiles <paramref name="files"/> (repository-relative path to content) with the stubs standing in for the files not given.</summary>
    public CompiledExercises Compile(IReadOnlyDictionary<string, string> files, CancellationToken cancellation = default) =>
        Compile(files, new Dictionary<string, (CompileStatus, List<string>)>(), cancellation);

    /// <summary>
    /// As <see cref="Compile(IReadOnlyDictionary{string, string}, CancellationToken)"/>, within a time limit, in this
    /// process: Roslyn stops at the limit when it checks for cancellation, which most runaway compiles do but not all
    /// (<see cref="CompilerProcesses"/> kills those).
    /// </summary>
    public CompiledExercises Compile(IReadOnlyDictionary<string, string> files, TimeSpan timeLimit, CancellationToken cancellation = default) =>
        WithinTimeLimitAsync(files, timeLimit, (some, refused) =>
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            limit.CancelAfter(timeLimit);
            try
            {
                return Task.FromResult<CompiledExercises?>(Compile(some, refused, limit.Token));
            }
            catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
            {
                return Task.FromResult<CompiledExercises?>(null);
            }
        }).GetAwaiter().GetResult();

    /// <summary>One compile that may run over its limit: null when it did. refused: files graded as their stubs, with why.</summary>
    public delegate Task<CompiledExercises?> Attempt(IReadOnlyDictionary<string, string> files, IReadOnlyDictionary<string, string> refused);

    /// <summary>
    /// Compiles within a time limit by <paramref name="attempt"/>s: when the whole runs over, each file is tried alone (the
    /// stubs standing in for the others), and the files that run over again are refused (their exercises get their
    /// stubs) while the others are compiled as usual.
    /// </summary>
    public static async Task<CompiledExercises> WithinTimeLimitAsync(IReadOnlyDictionary<string, string> files, TimeSpan timeLimit, Attempt attempt)
    {
        var none = new Dictionary<string, string>();
        if (await attempt(files, none) is { } compiled) return compiled;
        var slow = new Dictionary<string, string>();
        foreach (var file in files.Keys)
            if (await attempt(new Dictionary<string, string> { [file] = files[file] }, none) is null)
                slow[file] = $"{file}: compiling this file took more than {timeLimit.TotalSeconds:0} s (the limit), or more memory than allowed, so it is graded as its stub";
        var rest = files.Where(f => !slow.ContainsKey(f.Key)).ToDictionary();
        // The files left compiled in time alone; together they may still not: then every one goes back to its stub.
        return await attempt(rest, slow)
               ?? await attempt(none, slow.Concat(rest.Keys.Select(file => KeyValuePair.Create(file,
                   $"{file}: compiling it with the rest of this submission took more than the limit, so it is graded as its stub"))).ToDictionary())
               ?? throw new InvalidOperationException($"the untouched stubs did not compile within {timeLimit.TotalSeconds:0} s: is the machine overloaded?");
    }

    /// <summary>Compiles <paramref name="files"/>, except the <paramref name="refused"/> ones, which are graded as their stubs with the message given.</summary>
    public CompiledExercises Compile(IReadOnlyDictionary<string, string> files, IReadOnlyDictionary<string, string> refused, CancellationToken cancellation = default) =>
        Compile(files, refused.Where(r => _stubs.ContainsKey(r.Key)).ToDictionary(r => r.Key, r => (CompileStatus.Refused, new List<string> { r.Value })), cancellation);

    // replaced: files already refused, by their status and messages (their stubs are compiled whatever files holds).
    private CompiledExercises Compile(IReadOnlyDictionary<string, string> files, Dictionary<string, (CompileStatus Status, List<string> Messages)> replaced,
        CancellationToken cancellation)
    {
        var sources = _stubs.ToDictionary(stub => stub.Key, stub => replaced.ContainsKey(stub.Key) ? stub.Value : files.GetValueOrDefault(stub.Key) ?? stub.Value);
        var fromStudent = _stubs.Keys.Where(f => files.ContainsKey(f) && !replaced.ContainsKey(f)).ToHashSet();

        // Each round replaces the student files that fail with their stubs; the stubs always compile, so this ends.
        while (true)
        {
            var compilation = CSharpCompilation.Create("TcpKata.Exercises",
                [GlobalUsings, .. sources.Select(s => CSharpSyntaxTree.ParseText(SourceText.From(s.Value, System.Text.Encoding.UTF8), ParseOptions, s.Key, cancellation))],
                CompilationDefaults.References, Options);
            var errors = compilation.GetDiagnostics(cancellation).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            var findings = errors.Count > 0 ? [] : compilation.WithAnalyzers(_analyzers, new AnalyzerOptions([]))
                .GetAnalyzerDiagnosticsAsync(cancellation).GetAwaiter().GetResult();
            var refusals = findings.Where(d => _refused.Contains(d.Id)).ToList();

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
                return new CompiledExercises(assembly.ToArray(), Summarize(files, replaced, findings));
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

    private List<ExerciseCompilation> Summarize(IReadOnlyDictionary<string, string> files, Dictionary<string, (CompileStatus Status, List<string> Messages)> replaced,
        ImmutableArray<Diagnostic> findings) =>
        _exercises.Select(exercise =>
        {
            var mine = exercise.SolutionFiles;
            var own = findings.Where(d => mine.Contains(d.Location.SourceTree?.FilePath ?? "")).Select(Finding.Of).ToList();
            if (mine.FirstOrDefault(replaced.ContainsKey) is { } broken)
                return new ExerciseCompilation(exercise.Slug, replaced[broken].Status, mine.Where(replaced.ContainsKey).SelectMany(f => replaced[f].Messages).ToList(), []);
            if (!mine.Any(files.ContainsKey))
                return new ExerciseCompilation(exercise.Slug, CompileStatus.NotSubmitted, [], []);
            return new ExerciseCompilation(exercise.Slug, CompileStatus.Compiled, [], own);
        }).ToList();
}
