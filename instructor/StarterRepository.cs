using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using CliWrap;
using CliWrap.Buffered;
using TcpKata.Engine;

namespace TcpKata.Instructor;

/// <summary>
/// The repository students clone (a GitHub Classroom template, say): this repository without the reference
/// solutions and without what only maintainers need. What goes in is listed here, not found by elimination,
/// so a new folder stays out of students' hands until someone decides it belongs there.
/// </summary>
internal static class StarterRepository
{
    /// <summary>Copied as they are (files or whole folders), relative to the repository root.</summary>
    public static readonly string[] Included =
    [
        "kit", "exercises", "tests/TcpKata.Tests", "tests/Shared", "analyzers/TcpKata.Analyzers",
        "analyzers/TcpKata.Analyzers.CodeFixes", "cli", "engine", "kernel", "feedback", "docs/rules", ".gitignore", "global.json", "TcpKata.sln",
        "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "Directory.Solution.props",
        "Directory.Solution.targets", ".devcontainer",
    ];

    /// <summary>Projects of TcpKata.sln that stay behind: the solutions, the instructor's tools, and the
    /// tests and benchmarks that need them.</summary>
    public static readonly string[] ExcludedProjects =
    [
        "solutions/TcpKata.Solutions.csproj", "instructor/TcpKata.Instructor.csproj", "tests/TcpKata.Kit.Tests/TcpKata.Kit.Tests.csproj",
        "tests/TcpKata.Cli.Tests/TcpKata.Cli.Tests.csproj", "tests/TcpKata.Instructor.Tests/TcpKata.Instructor.Tests.csproj",
        "tests/TcpKata.Analyzers.Tests/TcpKata.Analyzers.Tests.csproj", "benchmarks/TcpKata.Benchmarks/TcpKata.Benchmarks.csproj",
        "tests/TcpKata.Kernel.Tests/TcpKata.Kernel.Tests.csproj",
    ];

    /// <summary>Files written over the copy: the students' README (the maintainers' one talks about solutions and CI).</summary>
    public const string OverlayFolder = "starter";

    /// <summary>Writes the starter into <paramref name="target"/>, which must not exist or be empty. Returns the files written.</summary>
    public static async Task<int> WriteAsync(DirectoryInfo root, DirectoryInfo target, CancellationToken cancellation = default)
    {
        var files = 0;
        foreach (var path in Included)
            files += Copy(Path.Combine(root.FullName, path), Path.Combine(target.FullName, path));
        files += Copy(Path.Combine(root.FullName, OverlayFolder), target.FullName);
        foreach (var config in Directory.EnumerateFiles(Path.Combine(target.FullName, "exercises"), "config.json", SearchOption.AllDirectories))
            WithoutExample(config);
        var catalog = ExerciseCatalog.Load(root);
        var workflow = Path.Combine(target.FullName, Grading.ClassroomWorkflow.Path);
        Directory.CreateDirectory(Path.GetDirectoryName(workflow)!);
        File.WriteAllText(workflow, Grading.ClassroomWorkflow.Write(catalog, Grading.GradingManifest.Load(Path.Combine(root.FullName, Grading.GradingManifest.FileName), catalog)));
        File.WriteAllText(Path.Combine(target.FullName, Grading.StudentWorkflow.Path), Grading.StudentWorkflow.Text);
        files += 2;
        await RemoveFromSolutionAsync(target, cancellation);
        return files;
    }

    private static int Copy(string source, string destination)
    {
        if (File.Exists(source))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(source, destination, overwrite: true);
            return 1;
        }
        if (!Directory.Exists(source))
            throw new DirectoryNotFoundException($"the starter includes {source}, which is not in this repository");
        var files = RepositoryFiles.Enumerate(source).ToList();
        foreach (var file in files) Copy(Path.Combine(source, file), Path.Combine(destination, file));
        return files.Count;
    }

    // An exercise's manifest names its reference solution as the Exercism "example"; the starter has none.
    private static void WithoutExample(string config)
    {
        var manifest = JsonNode.Parse(File.ReadAllText(config))!;
        if (manifest["files"] is JsonObject files && files.Remove("example"))
            File.WriteAllText(config, manifest.ToJsonString(ManifestFormat) + "\n");
    }

    // As written by hand: indented, with §, → and + left as they are.
    private static readonly JsonSerializerOptions ManifestFormat = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static async Task RemoveFromSolutionAsync(DirectoryInfo target, CancellationToken cancellation)
    {
        var result = await CliWrap.Cli.Wrap("dotnet")
            .WithArguments(["sln", "TcpKata.sln", "remove", .. ExcludedProjects])
            .WithWorkingDirectory(target.FullName)
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(cancellation);
        if (result.ExitCode != 0)
            throw new IOException($"dotnet sln remove failed in {target.FullName}:\n{result.StandardOutput}{result.StandardError}");
    }
}
