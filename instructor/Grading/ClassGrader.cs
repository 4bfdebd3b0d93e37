using System.Diagnostics;
using TcpKata.Engine;
using TcpKata.Instructor.Grading.Sandbox;
using TcpKata.Instructor.Reports;

namespace TcpKata.Instructor.Grading;

/// <summary>Whether submissions' code must run in the OS sandbox.</summary>
internal enum SandboxPolicy
{
    /// <summary>Refuse to grade when no sandbox can be made (a class on one machine).</summary>
    Required,
    /// <summary>Use it when it can be made, else grade without and say so in every report (one submission in a throwaway container, as Gradescope runs it).</summary>
    IfAvailable,
    /// <summary>Never (trusted code, or a machine where namespaces are forbidden); every report says so.</summary>
    Off,
}

/// <summary>What <c>tcpkata-instructor grade</c> is asked to do.</summary>
internal sealed record GradingRequest(string Submissions, string Out, string? HiddenTests = null, int? TimeoutSeconds = null, int Jobs = 2,
    SandboxPolicy Sandbox = SandboxPolicy.Required);

/// <summary>
/// Grades a class: reads grading.json and the submissions, compiles the tests once, then compiles and runs each
/// submission (several at a time, each in a fresh worker process inside the OS sandbox) and writes every report. Every
/// submission in the folder gets a row in grades.csv, whatever it did.
/// </summary>
internal static class ClassGrader
{
    public static async Task<IReadOnlyList<SubmissionGrade>> GradeAsync(DirectoryInfo root, GradingRequest request, TextWriter progress,
        CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        var catalog = ExerciseCatalog.Load(root);
        var manifest = GradingManifest.Load(Path.Combine(root.FullName, GradingManifest.FileName), catalog);
        if (request.TimeoutSeconds is { } timeout) manifest = manifest with { Limits = manifest.Limits with { TimeoutSeconds = timeout } };
        var (submissions, problems) = SubmissionIntake.Read(request.Submissions, catalog);
        foreach (var problem in problems) progress.WriteLine($"{Instructor.Tool}: {problem}");
        Directory.CreateDirectory(request.Out);

        var work = Directory.CreateTempSubdirectory("tcpkata-grade-").FullName;
        try
        {
            // What the sandboxes read: the compiled tests, the grader, the visible tests' scripts and snapshots (beside their
            // sources) and the exercises' stubs (the compiler's).
            var stubs = Path.Combine(root.FullName, "exercises");
            var (sandbox, withoutSandbox) = ChooseSandbox(request.Sandbox, [work, Path.GetDirectoryName(Instructor.WorkerHost.Assembly)!,
                .. TestCompiler.DataFolders(root), stubs]);
            progress.WriteLine($"sandbox: {sandbox.Description}");
            using var compilers = new CompilerProcesses(Instructor.CompilerHost, ["--root", root.FullName], [stubs], sandbox, CompilerMemoryMegabytes);
            var warming = compilers.WarmAsync(request.Jobs);
            var compiler = SubmissionCompiler.Create(root, catalog);
            var tests = TestCompiler.Compile(root, compiler, work, request.HiddenTests);
            await using var pool = new WorkerPool(Instructor.WorkerHost, catalog, tests, manifest.Limits.ForWorkers(), request.Jobs, work,
                new WorkerIsolation(sandbox, JobsPerWorker: 1));
            var listed = await pool.ListTestsAsync(compiler.CompileStubs().Assembly, cancellation);
            await warming;
            progress.WriteLine($"grading {submissions.Count} submissions against {listed.Count} tests ({listed.Count(t => t.Hidden)} hidden), {request.Jobs} at a time");

            var folders = FolderNames(submissions);
            var grades = new SubmissionGrade[submissions.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, submissions.Count),
                new ParallelOptions { MaxDegreeOfParallelism = request.Jobs, CancellationToken = cancellation }, async (i, token) =>
                {
                    var submission = submissions[i];
                    var compiled = await compilers.CompileAsync(submission.Files, SubmissionCompiler.CompileTimeLimit, token);
                    var outcomes = await pool.RunAsync(submission.Student, compiled.Assembly, token);
                    var grade = grades[i] = SubmissionGrade.Of(submission, compiled, outcomes, catalog, manifest, withoutSandbox);
                    var folder = Directory.CreateDirectory(Path.Combine(request.Out, folders[i])).FullName;
                    await File.WriteAllTextAsync(Path.Combine(folder, "results.json"), GradescopeReport.Write(grade), token);
                    await File.WriteAllTextAsync(Path.Combine(folder, "exercism-results.json"), ExercismReport.Write(grade), token);
                    await File.WriteAllTextAsync(Path.Combine(folder, "junit.xml"), JUnitReport.Write(grade), token);
                    await File.WriteAllTextAsync(Path.Combine(folder, "feedback.md"), FeedbackReport.Write(grade, FailurePages.Write(folder, grade)), token);
                    lock (progress) progress.WriteLine($"{submission.Student}: {grade.Score:0.##} / {grade.MaxScore:0.##}");
                });
            await File.WriteAllTextAsync(Path.Combine(request.Out, "grades.csv"), Gradebook.Write(grades, catalog), cancellation);
            await File.WriteAllTextAsync(Path.Combine(request.Out, "summary.md"), ClassSummary.Write(grades, problems, clock.Elapsed, sandbox.Description), cancellation);
            progress.WriteLine($"graded {grades.Length} submissions in {clock.Elapsed.TotalSeconds:0.0} s: {Path.Combine(request.Out, "grades.csv")}");
            return grades;
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>The sandbox the policy allows here, and why there is none when there is none.</summary>
    private static (IWorkerSandbox Sandbox, string? WithoutSandbox) ChooseSandbox(SandboxPolicy policy, IReadOnlyList<string> readable)
    {
        if (policy == SandboxPolicy.Off) return (NoSandbox.Instance, "the instructor turned the sandbox off (--sandbox off)");
        string why;
        if (!OperatingSystem.IsLinux()) why = "the sandbox (bubblewrap) needs Linux";
        else
        {
            // The sandbox's users read the compiled tests: the work folder (the first) is opened to them; it holds nothing else.
            File.SetUnixFileMode(readable[0], (UnixFileMode)Convert.ToInt32("755", 8));
            if (Bubblewrap.TryCreate(readable, out why) is { } bubblewrap) return (bubblewrap, null);
        }
        if (policy == SandboxPolicy.Required)
            throw new SandboxUnavailableException($"no sandbox can be made here, so no submission's code is run: {why}. "
                                                  + "Install bubblewrap and run as root, or pass --sandbox off to run the code without one (see INSTRUCTORS.md).");
        return (NoSandbox.Instance, why);
    }

    // Roslyn's heap in a compiler process: far above what a submission needs, far below what a compile bomb takes.
    private const int CompilerMemoryMegabytes = 2048;

    // Names the reports may not take: the class-wide files beside them.
    private static readonly string[] Reserved = ["grades.csv", "summary.md"];

    private const int MaxFolderName = 80;

    /// <summary>
    /// A folder per submission, named after it, always a plain name inside --out: characters a file name cannot have
    /// become '_', a name of dots alone or a class-wide file's name gets a leading '_', a long name is cut, and two
    /// submissions whose names meet (case aside) get -2, -3...
    /// </summary>
    internal static string[] FolderNames(IReadOnlyList<Submission> submissions)
    {
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        return submissions.Select(s =>
        {
            var name = string.Concat(s.Student.Select(c => Path.GetInvalidFileNameChars().Contains(c) || c is '/' or '\\' or ':' || char.IsControl(c) ? '_' : c)).Trim();
            if (name.Length > MaxFolderName) name = name[..MaxFolderName];
            if (name.Trim('.').Length == 0 || Reserved.Contains(name, StringComparer.OrdinalIgnoreCase)) name = "_" + name;
            var folder = name;
            for (var twin = 2; !used.Add(folder); twin++) folder = $"{name}-{twin}";
            return folder;
        }).ToArray();
    }
}

/// <summary>The policy asks for a sandbox and none can be made here.</summary>
internal sealed class SandboxUnavailableException(string message) : Exception(message);
