using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace TcpKata.Engine;

/// <summary>
/// The exercise tests (and any hidden tests), compiled once against the untouched stubs' TcpKata.Exercises and
/// written beside each other in a work folder. The TcpKata.Exercises under test (a student's working copy, a
/// submission) is swapped in when a worker loads them, so each run costs one small compile, not a build of the tests.
/// </summary>
public static class TestCompiler
{
    public const string VisibleAssembly = "TcpKata.Tests";
    public const string HiddenAssembly = "TcpKata.HiddenTests";

    private static readonly CSharpParseOptions ParseOptions = CompilationDefaults.ParseOptions;

    // The test project's implicit usings, plus NUnit's, as its .csproj has them.
    private static readonly SyntaxTree GlobalUsings = CompilationDefaults.GlobalUsings("NUnit.Framework");

    /// <summary>The folders the compiled visible tests read at run time: their scripts and snapshots, beside their sources.</summary>
    public static IReadOnlyList<string> DataFolders(DirectoryInfo root) =>
        [Path.Combine(root.FullName, "tests", "TcpKata.Tests"), Path.Combine(root.FullName, "tests", "Shared")];

    /// <summary>Compiles the tests into <paramref name="workFolder"/>; returns the paths of the test assemblies.</summary>
    public static IReadOnlyList<string> Compile(DirectoryInfo root, ExerciseCompiler compiler, string workFolder, string? hiddenTests = null) =>
        Compile(root, compiler.CompileStubs().Assembly, workFolder, hiddenTests);

    /// <summary>Compiles the tests into <paramref name="workFolder"/> against <paramref name="exercises"/> (a TcpKata.Exercises
    /// image, a reference assembly is enough); returns the paths of the test assemblies.</summary>
    public static IReadOnlyList<string> Compile(DirectoryInfo root, byte[] exercises, string workFolder, string? hiddenTests = null)
    {
        ImmutableArray<MetadataReference> references =
        [
            .. CompilationDefaults.References,
            MetadataReference.CreateFromFile(typeof(NUnit.Framework.Assert).Assembly.Location),
            MetadataReference.CreateFromFile(typeof(NUnit.Framework.Legacy.ClassicAssert).Assembly.Location),
            MetadataReference.CreateFromFile(typeof(DiffPlex.Differ).Assembly.Location),
            MetadataReference.CreateFromFile(typeof(DiffEngine.DiffRunner).Assembly.Location),
            MetadataReference.CreateFromImage(exercises),
        ];
        var visible = DataFolders(root).SelectMany(Sources).ToList();
        var paths = new List<string> { Emit(VisibleAssembly, visible, references, workFolder) };
        if (hiddenTests is not null)
        {
            if (!Directory.Exists(hiddenTests)) throw new DirectoryNotFoundException($"{hiddenTests}: no such folder of hidden tests");
            // Hidden tests may use the visible tests' helpers (Pkt, Implementation, Snapshot): they compile with them.
            var hidden = Sources(hiddenTests).ToList();
            if (hidden.Count == 0) throw new FileNotFoundException($"{hiddenTests}: no .cs files in the folder of hidden tests");
            paths.Add(Emit(HiddenAssembly, [.. visible, .. hidden], references, workFolder, hiddenOnly: hidden.Select(h => h.FilePath).ToHashSet()));
        }
        return paths;
    }

    private static IEnumerable<SyntaxTree> Sources(string folder) =>
        Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Order(StringComparer.Ordinal)
            .Select(f => CSharpSyntaxTree.ParseText(SourceText.From(File.ReadAllText(f), System.Text.Encoding.UTF8), ParseOptions, f));

    private static string Emit(string name, List<SyntaxTree> sources, ImmutableArray<MetadataReference> references, string workFolder,
        HashSet<string>? hiddenOnly = null)
    {
        var compilation = CSharpCompilation.Create(name, [GlobalUsings, .. sources], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var path = Path.Combine(workFolder, name + ".dll");
        using (var output = File.Create(path))
        {
            var result = compilation.Emit(output);
            var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(10).ToList();
            if (!result.Success)
                throw new InvalidOperationException($"the {(hiddenOnly is null ? "exercise" : "hidden")} tests do not compile against TcpKata.Exercises (a handler renamed or removed?):{Environment.NewLine}"
                                                    + string.Join(Environment.NewLine, errors));
        }
        if (hiddenOnly is not null)
        {
            // The hidden assembly also holds the visible tests (it needs their helpers); the worker runs only the
            // fixtures declared in the hidden files, listed here.
            var fixtures = compilation.SyntaxTrees.Where(t => hiddenOnly.Contains(t.FilePath))
                .SelectMany(t => t.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax>()
                    .Select(c => compilation.GetSemanticModel(t).GetDeclaredSymbol(c)!.ToDisplayString()))
                .ToList();
            File.WriteAllLines(path + ".fixtures", fixtures);
        }
        return path;
    }
}
