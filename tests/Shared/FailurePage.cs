using System.Globalization;
using NUnit.Framework;
using TcpKata.Tracing.Explorer;

namespace TcpKata.Testing;

/// <summary>
/// A failing test's trace explorer page (this run beside what was expected, the first difference marked): written beside
/// what the test checks as <c>*.received.html</c>, as Verify writes its received files (git ignores them; a pass removes
/// its page), attached to the test result, and named in the failure message by an "explorer:" line that
/// <c>dotnet test</c>, <c>tcpkata test</c>, <c>tcpkata watch</c> and the grader's feedback pick up.
/// </summary>
public static class FailurePage
{
    /// <summary>Where pages go instead (a grader's sandbox, whose test sources are read-only).</summary>
    public const string FolderVariable = "TCPKATA_EXPLORER_DIR";

    /// <summary>Writes the page and returns the message's line naming it, or a line saying why it could not be written.</summary>
    /// <param name="beside">the file the page belongs with, without extension ("…/ScenarioTests.Trace_close", "…/scripts/passive-open")</param>
    /// <param name="html">the page</param>
    public static string Write(string beside, Func<string> html)
    {
        var path = Path.GetFullPath(PathFor(beside));
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, html());
            TestContext.AddTestAttachment(path, "trace explorer: this run beside what was expected");
            return $"explorer: {path}  (open it in a browser: this run beside what was expected, the first difference marked)";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return $"(the trace explorer page could not be written: {e.Message})";
        }
    }

    /// <summary>Removes the page a previous failure left (the test passes now).</summary>
    public static void Remove(string beside)
    {
        var path = PathFor(beside);
        if (File.Exists(path)) File.Delete(path);
    }

    // Beside the checked file, or in the variable's folder under the test's name.
    private static string PathFor(string beside) =>
        Environment.GetEnvironmentVariable(FolderVariable) is { Length: > 0 } folder
            ? Path.Combine(folder, Sanitize(TestContext.CurrentContext.Test.FullName) + ".received.html")
            : beside + ".received.html";

    private static string Sanitize(string s) => new(s.Select(c => char.IsLetterOrDigit(c) || c is '-' or '.' or '_' ? c : '-').ToArray());

    /// <summary>The page's language: the UI culture's, as the CLI's and the analyzers' messages follow it.</summary>
    public static bool Chinese => TraceExplorerPage.ReadsChinese(CultureInfo.CurrentUICulture);
}
