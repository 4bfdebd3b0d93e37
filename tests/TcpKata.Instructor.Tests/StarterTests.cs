using System.CommandLine;
using System.Text.RegularExpressions;
using CliWrap;
using CliWrap.Buffered;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TcpKata.Instructor;
using TcpKata.Instructor.Grading;

namespace TcpKata.Instructor.Tests;

/// <summary>
/// <c>tcpkata-instructor starter</c>: the repository an instructor hands to a class. Generated once for all the checks,
/// because building and testing it from scratch takes the better part of a minute.
/// </summary>
[NonParallelizable]
public sealed class StarterTests
{
    private static readonly string Repository = ToolCommandLine.RepositoryRoot()!.FullName;
    private string _starter = "";
    private List<string> _buildOutputAsWritten = [];

    [OneTimeSetUp]
    public void WriteTheStarter()
    {
        _starter = Path.Combine(Path.GetTempPath(), "tcpkata-starter-" + Guid.NewGuid().ToString("N"));
        var (code, output, error) = Run("starter", _starter);
        Assert.That(code, Is.EqualTo(0), error);
        Assert.That(output, Does.Contain("no solutions"));
        // Checked later, after other tests have built the starter.
        _buildOutputAsWritten = Directory.EnumerateDirectories(_starter, "*", SearchOption.AllDirectories)
            .Where(d => Path.GetFileName(d) is "bin" or "obj").ToList();
    }

    [OneTimeTearDown]
    public void RemoveTheStarter()
    {
        if (Directory.Exists(_starter)) Directory.Delete(_starter, recursive: true);
    }

    [Test]
    public void HoldsTheExercisesKitTestsAnalyzersAndCliButNoSolutions()
    {
        Assert.Multiple(() =>
        {
            foreach (var path in new[] { "exercises/06-echo-server/EchoServer.cs", "kit/TcpKata.Kit.csproj", "tests/TcpKata.Tests/TcpKata.Tests.csproj",
                         "analyzers/TcpKata.Analyzers/TcpKata.Analyzers.csproj", "cli/TcpKata.Cli.csproj", "docs/rules/TCPK001.md", "TcpKata.sln", "global.json" })
                Assert.That(File.Exists(Path.Combine(_starter, path)), Is.True, path);
            foreach (var path in new[] { "solutions", "instructor", "tests/TcpKata.Kit.Tests", "tests/TcpKata.Cli.Tests", "tests/TcpKata.Instructor.Tests",
                         "tests/TcpKata.Analyzers.Tests", "benchmarks", ".ci", "packaging" })
                Assert.That(Directory.Exists(Path.Combine(_starter, path)), Is.False, path);
            Assert.That(_buildOutputAsWritten, Is.Empty, "bin/ or obj/ folders copied into the starter");
            Assert.That(File.ReadAllText(Path.Combine(_starter, "TcpKata.sln")), Does.Not.Contain("Solutions.csproj").And.Not.Contain("Kit.Tests"));
            Assert.That(File.ReadAllText(Path.Combine(_starter, "README.md")), Does.Contain("not part of this repository").And.Not.Contain(".ci/run"));
            Assert.That(Directory.EnumerateFiles(Path.Combine(_starter, "exercises"), "config.json", SearchOption.AllDirectories)
                .Select(File.ReadAllText), Has.None.Contains("solutions/"));
        });
    }

    [Test]
    public async Task ItsTestsWorkflow_Run_WritesTheProgressTableToTheJobSummary()
    {
        var workflow = File.ReadAllText(Path.Combine(_starter, ".github", "workflows", "tests.yml"));
        var run = Regex.Match(workflow, @"run: (.+)").Groups[1].Value;
        var summary = _starter + "-job-summary.md";
        var result = await Cli.Wrap("bash").WithArguments(["-c", run]).WithWorkingDirectory(_starter)
            .WithEnvironmentVariables(new Dictionary<string, string?> { ["GITHUB_STEP_SUMMARY"] = summary })
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        var written = File.Exists(summary) ? File.ReadAllText(summary) : "";
        File.Delete(summary);
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero, result.StandardError);
            Assert.That(written, Does.StartWith("## TcpKata: 0 of 7 exercises done").And.Contain("| ⬜ | 01-client-handshake | not started |").And.Contain("Next: **01-client-handshake**"));
            Assert.That(workflow, Does.Contain("actions/setup-dotnet@v4").And.Not.Contain("classroom-resources"));
        });
    }

    [Test]
    public void ItsClassroomWorkflowGradesEachExerciseForItsPoints()
    {
        var workflow = File.ReadAllText(Path.Combine(_starter, ".github", "workflows", "classroom.yml"));
        var catalog = ExerciseCatalog.Load(new DirectoryInfo(Repository));
        var manifest = GradingManifest.Load(Path.Combine(Repository, "grading.json"), catalog);
        Assert.Multiple(() =>
        {
            Assert.That(Regex.Matches(workflow, "uses: classroom-resources/autograding-command-grader@v1"), Has.Count.EqualTo(catalog.Count));
            foreach (var exercise in catalog)
                Assert.That(workflow, Does.Contain($"--filter {exercise.FilterWord}\n          timeout: 10\n          max-score: {manifest.Find(exercise.Slug)!.Points}"));
            Assert.That(workflow, Does.Contain("classroom-resources/autograding-grading-reporter@v1").And.Contain("dotnet-version: '10.0.x'"));
        });
    }

    [Test]
    public void HoldsNothingOfTheInstructorTooling()
    {
        // What would give the grader away: its namespace, its worker's verb, its allowlist, its commands.
        string[] instructorOnly = ["TcpKata.Instructor", GradeWorkerCommand.Verb, SubmissionCompiler.AllowlistResource, Instructor.Tool, "ClassGrader", "Instructor.WorkerHost"];
        Assert.That(instructorOnly.Select(marker => (marker, FilesWith(Repository, marker).Count)), Has.All.Matches<(string, int Count)>(m => m.Count > 0),
            "the check must be able to fail: each marker is found in this repository");
        Assert.That(instructorOnly.SelectMany(marker => FilesWith(_starter, marker).Select(f => $"{marker}: {Path.GetRelativePath(_starter, f)}")), Is.Empty);
        Assert.That(Directory.EnumerateFiles(_starter, "*AllowedApis*", SearchOption.AllDirectories), Is.Empty, "the grader's allowlist");
    }

    private static List<string> FilesWith(string folder, string marker) =>
        Directory.EnumerateFiles(folder, "*.*", SearchOption.AllDirectories)
            .Where(f => Path.GetExtension(f) is ".cs" or ".csproj" or ".props" or ".targets" or ".sln" or ".txt" or ".sh" or ".yml"
                        && !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or ".git"))
            .Where(f => File.ReadAllText(f).Contains(marker, StringComparison.Ordinal))
            .ToList();

    [Test]
    public void NoSolutionMethodBodyAppearsAnywhereInIt()
    {
        var bodies = SolutionBodies();
        Assert.That(bodies, Has.Count.GreaterThan(20), "the solutions' method bodies");
        // The check must be able to fail: every body is found in the solutions themselves.
        Assert.That(FilesContaining(bodies, Path.Combine(Repository, "solutions")), Has.Count.GreaterThanOrEqualTo(7));
        Assert.That(FilesContaining(bodies, _starter), Is.Empty);
    }

    [Test]
    public async Task DotnetTestFailsReadablyOnEveryStub()
    {
        var result = await Dotnet("test");
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Not.EqualTo(0));
            Assert.That(result.StandardOutput, Does.Not.Contain("error CS").And.Not.Contain("Build FAILED"));
            Assert.That(result.StandardOutput, Does.Match(@"Failed!\s+- Failed:\s+[1-9][0-9]*, Passed:\s+0,"));
            // The kit's logger tells each different failure once and ends with where to start: a stub, named with its file.
            var start = result.StandardOutput.IndexOf("── start here ──", StringComparison.Ordinal);
            Assert.That(start, Is.GreaterThan(0), "the output ends with where to start");
            Assert.That(result.StandardOutput[start..], Does.Contain("not implemented yet:").And.Contain("edit exercises/"));
            var failures = Regex.Matches(result.StandardOutput, @"^FAILED .*\n?.*", RegexOptions.Multiline).Select(m => m.Value).ToList();
            Assert.That(failures, Is.Not.Empty.And.All.Contains("not implemented yet:"));
            Assert.That(result.StandardOutput.Split('\n'), Has.Length.LessThan(100), "a few screens, not a line per test");
        });
    }

    [Test]
    public async Task SolutionsSwitchSaysTheSolutionsAreNotPartOfTheStarter()
    {
        var result = await Dotnet("test", "-p:Kata=Solutions");
        Assert.That(result.ExitCode, Is.Not.EqualTo(0));
        Assert.That(result.StandardOutput, Does.Contain("the reference solutions are not part of this starter repository"));
    }

    [Test]
    public async Task EveryDoorOpens()
    {
        // What a newcomer types first, what an IDE does on opening the solution, and every project built alone.
        string[][] doors =
        [
            ["build"], ["build", "TcpKata.sln"], ["build", "exercises"],
            .. Directory.EnumerateFiles(_starter, "*.csproj", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
                .Select(p => new[] { "build", Path.GetRelativePath(_starter, p) }),
        ];
        Assert.That(doors, Has.Length.GreaterThanOrEqualTo(10));
        foreach (var door in doors)
        {
            var result = await Dotnet(door);
            Assert.That(result.ExitCode, Is.EqualTo(0), $"dotnet {string.Join(' ', door)}:\n{result.StandardOutput}");
        }
    }

    [Test]
    public void RefusesAFolderThatIsNotEmpty()
    {
        var (code, _, error) = Run("starter", _starter);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain("is not empty"));
    }

    private Task<BufferedCommandResult> Dotnet(params string[] arguments) =>
        global::CliWrap.Cli.Wrap("dotnet").WithArguments(arguments).WithWorkingDirectory(_starter)
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = Instructor.Run(new RootCommand { StarterCommand.Create() }, args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    // Every method, accessor and local function body of the reference solutions, comments left out, as token
    // sequences: formatting or comments changed around a copied body do not hide it.
    private static List<string> SolutionBodies() =>
        Directory.EnumerateFiles(Path.Combine(Repository, "solutions"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .SelectMany(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f)).GetRoot().DescendantNodes())
            .Select(node => node switch
            {
                BaseMethodDeclarationSyntax method => (SyntaxNode?)method.Body ?? method.ExpressionBody,
                AccessorDeclarationSyntax accessor => (SyntaxNode?)accessor.Body ?? accessor.ExpressionBody,
                LocalFunctionStatementSyntax local => (SyntaxNode?)local.Body ?? local.ExpressionBody,
                _ => null,
            })
            .OfType<SyntaxNode>()
            .Select(Tokens)
            .Where(body => body.Length >= 40) // "=> Close();" may well appear in the kit
            .Distinct()
            .ToList();

    private static List<string> FilesContaining(List<string> bodies, string folder) =>
        Directory.EnumerateFiles(folder, "*.*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Where(f =>
            {
                var text = File.ReadAllText(f);
                var tokens = Tokens(CSharpSyntaxTree.ParseText(text).GetRoot());
                return bodies.Any(body => tokens.Contains(body, StringComparison.Ordinal));
            })
            .ToList();

    private static string Tokens(SyntaxNode node) => string.Join(" ", node.DescendantTokens().Select(t => t.Text));
}
