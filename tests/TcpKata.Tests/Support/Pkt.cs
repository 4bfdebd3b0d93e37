using System.Runtime.CompilerServices;
using TcpKata.Scripts;
using TcpKata.Testing;

namespace TcpKata.Tests.Support;

/// <summary>Runs packetdrill scripts, inline (a test's ladder of segments) or from the .pkt files beside the tests. A failure
/// writes its trace explorer page (the script's ladder beside the run's) and names it in the message.</summary>
public static class Pkt
{
    /// <summary>Runs an inline script (under the RFC profile unless <paramref name="profile"/> says otherwise); a failure names
    /// the test and the script line.</summary>
    public static PktRunResult Run(string script, bool lenientOptions = false, TcpProfile? profile = null, [CallerMemberName] string test = "",
        [CallerFilePath] string source = "") =>
        RunWithPage(PktParser.Parse(script, test), new PktRunOptions { LenientOptions = lenientOptions, Profile = profile ?? TcpProfile.Rfc },
            Snapshot.PathsFor(source).Verified[..^".verified.txt".Length]);

    // The scripts are read where they are written, beside the tests' sources (as snapshots are), so that the tests
    // run the same from their bin folder, from the grader's compiled copy, or anywhere else.
    private static readonly string TestsFolder = Path.GetDirectoryName(Path.GetDirectoryName(SourceFile())!)!;

    private static string SourceFile([CallerFilePath] string path = "") => path;

    /// <summary>The .pkt files in the scripts/ folder beside the calling test source, as test cases named by file.</summary>
    public static IEnumerable<TestCaseData> Scripts([CallerFilePath] string caller = "")
    {
        var folder = Path.Combine(Path.GetDirectoryName(caller)!, "scripts");
        return Directory.EnumerateFiles(folder, "*.pkt", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(path => new TestCaseData(Path.GetRelativePath(TestsFolder, path).Replace('\\', '/'))
                // Named by their path under scripts/: linux/passive-open.pkt and passive-open.pkt are two tests.
                .SetArgDisplayNames(Path.GetRelativePath(folder, path).Replace('\\', '/')));
    }

    /// <summary>Runs a .pkt file. Scripts under a "linux" folder are Linux's own, so they run with lenient options.</summary>
    public static void RunFile(string relativePath)
    {
        var path = Path.Combine(TestsFolder, relativePath);
        var lenient = relativePath.Split('/').Contains("linux");
        var script = PktParser.Parse(File.ReadAllText(path), "tests/TcpKata.Tests/" + relativePath);
        var result = RunWithPage(script, new PktRunOptions { LenientOptions = lenient }, Path.ChangeExtension(path, null));
        foreach (var note in result.Notes) TestContext.Out.WriteLine(note);
    }

    private static PktRunResult RunWithPage(PktScript script, PktRunOptions options, string beside)
    {
        try
        {
            var result = PktRunner.Run(script, Implementation.Handlers(), options);
            FailurePage.Remove(beside);
            return result;
        }
        catch (PktFailure failure) when (failure is { Trace: not null, ReachedStub: false })
        {
            var page = FailurePage.Write(beside, () => PktFailurePage.Render(script, Implementation.Handlers(), options, failure,
                $"{TestContext.CurrentContext.Test.Name}: {script.File}", FailurePage.Chinese));
            throw new PktFailure(failure.File, failure.Line, failure.Text + "\n" + page, failure.InnerException)
                { Trace = failure.Trace, Event = failure.Event, Timing = failure.Timing };
        }
    }
}
