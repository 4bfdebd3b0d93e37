namespace TcpKata.Instructor.Grading;

/// <summary>
/// One student's work as the grader takes it: only the files the exercise manifests say students edit
/// (files.solution), never their tests, snapshots, project files or build props. <see cref="Notes"/> says what
/// was not found or not taken, so nothing is skipped silently.
/// </summary>
/// <param name="Student">The submission's name: its folder, or its zip file without ".zip".</param>
/// <param name="Source">Where it came from.</param>
/// <param name="Files">Repository-relative path (exercises/01-client-handshake/ClientHandshake.cs) to content.</param>
/// <param name="Notes">What the intake noticed: missing files, files too large, a zip it could not read.</param>
internal sealed record Submission(string Student, string Source, IReadOnlyDictionary<string, string> Files, IReadOnlyList<string> Notes);
