using System.Diagnostics;
using TcpKata.Engine;
using TcpKata.Instructor.Reports;

namespace TcpKata.Instructor.Grading;

/// <summary>What <c>tcpkata-instructor grade</c> is asked to do.</summary>
internal sealed record GradingRequest(string Submissions, string Out, string? HiddenTests = null, int? TimeoutSeconds = null, int Jobs = 2);

/// <summary>
/// Grades a class: reads grading.json and the submissions, compiles the tests once, then compiles and runs each
/// submission (several at a time, each in its own worker process) and writes every report. Every submission in
/// the folder gets a row in grades.csv, whatever it did.
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
            var compiler = SubmissionCompiler.Create(root, catalog);
            var tests = TestCompiler.Compile(root, compiler, work, request.HiddenTests);
            await using var pool = new WorkerPool(Instructor.WorkerHost, catalog, tests, manifest.Limits.ForWorkers(), request.Jobs, work);
            var listed = await pool.ListTestsAsync(compiler.CompileStubs().Assembly, cancellation);
            progress.WriteLine($"grading {submissions.Count} submissions against {listed.Count} tests ({listed.Count(t => t.Hidden)} hidden), {request.Jobs} at a time");

            var folders = FolderNames(submissions);
            var grades = new SubmissionGrade[submissions.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, submissions.Count),
                new ParallelOptions { MaxDegreeOfParallelism = request.Jobs, CancellationToken = cancellation }, async (i, token) =>
                {
                    var submission = submissions[i];
                    var compiled = compiler.Compile(submission, token);
                    var outcomes = await pool.RunAsync(submission.Student, compiled.Assembly, token);
                    var grade = grades[i] = SubmissionGrade.Of(submission, compiled, outcomes, catalog, manifest);
                    var folder = Directory.CreateDirectory(Path.Combine(request.Out, folders[i])).FullName;
                    await File.WriteAllTextAsync(Path.Combine(folder, "results.json"), GradescopeReport.Write(grade), token);
                    await File.WriteAllTextAsync(Path.Combine(folder, "exercism-results.json"), ExercismReport.Write(grade), token);
                    await File.WriteAllTextAsync(Path.Combine(folder, "junit.xml"), JUnitReport.Write(grade), token);
                    await File.WriteAllTextAsync(Path.Combine(folder, "feedback.md"), FeedbackReport.Write(grade), token);
                    lock (progress) progress.WriteLine($"{submission.Student}: {grade.Score:0.##} / {grade.MaxScore:0.##}");
                });
            await File.WriteAllTextAsync(Path.Combine(request.Out, "grades.csv"), Gradebook.Write(grades, catalog), cancellation);
            await File.WriteAllTextAsync(Path.Combine(request.Out, "summary.md"), ClassSummary.Write(grades, problems, clock.Elapsed), cancellation);
            progress.WriteLine($"graded {grades.Length} submissions in {clock.Elapsed.TotalSeconds:0.0} s: {Path.Combine(request.Out, "grades.csv")}");
            return grades;
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
    }

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
