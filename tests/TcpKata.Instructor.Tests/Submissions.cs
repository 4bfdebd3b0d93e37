using TcpKata.Instructor;
using TcpKata.Instructor.Grading;
using TcpKata.Engine;

namespace TcpKata.Instructor.Tests;

/// <summary>Synthetic submissions for the grader's tests: the reference solutions, then each broken in a typical way.</summary>
internal static class Submissions
{
    public static readonly DirectoryInfo Root = ToolCommandLine.RepositoryRoot()!;
    public static readonly IReadOnlyList<Exercise> Catalog = ExerciseCatalog.Load(Root);

    /// <summary>Every exercise file as the reference solution has it (solutions/X stands in for exercises/X).</summary>
    public static Dictionary<string, string> Solutions() =>
        Catalog.SelectMany(e => e.SolutionFiles).ToDictionary(f => f,
            f => File.ReadAllText(Path.Combine(Root.FullName, "solutions", Path.GetRelativePath("exercises", f))));

    public static Submission Of(string student, Dictionary<string, string> files) => new(student, "(test)", files, []);

    /// <summary>The solutions with one exercise's file edited.</summary>
    public static Submission SolutionsWith(string student, string exerciseFile, Func<string, string> edit)
    {
        var files = Solutions();
        var before = files[exerciseFile];
        files[exerciseFile] = edit(before);
        if (files[exerciseFile] == before) throw new ArgumentException($"the edit did not change {exerciseFile}");
        return Of(student, files);
    }

    public const string ClientHandshake = "exercises/01-client-handshake/ClientHandshake.cs";
    public const string PassiveClose = "exercises/03-passive-close/PassiveClose.cs";
    public const string EchoServer = "exercises/06-echo-server/EchoServer.cs";
    public const string RequestClient = "exercises/07-short-vs-long/RequestClient.cs";
    public const string ResetHandling = "exercises/05-resets-and-retries/ResetHandling.cs";

    /// <summary>Puts <paramref name="code"/> first in the named handler's body.</summary>
    public static Submission SolutionsWithFirst(string student, string file, string handler, string code) =>
        SolutionsWith(student, file, s =>
        {
            var at = s.IndexOf("{", s.IndexOf($" {handler}(", StringComparison.Ordinal), StringComparison.Ordinal) + 1;
            return s[..at] + Environment.NewLine + code + s[at..];
        });
}
