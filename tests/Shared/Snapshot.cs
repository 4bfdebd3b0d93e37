using System.Runtime.CompilerServices;
using System.Text;
using DiffEngine;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using NUnit.Framework;

namespace TcpKata.Testing;

/// <summary>
/// Snapshot testing on Verify's conventions (Verify itself is not available here):
/// <list type="bullet">
/// <item><c>{Type}.{Method}.verified.txt</c> sits beside the test file and is committed;</item>
/// <item>on a mismatch, <c>{Type}.{Method}.received.txt</c> is written beside it and the test fails with a readable diff;</item>
/// <item>a diff tool opens locally through DiffEngine, never on CI;</item>
/// <item>accepting is explicit: <c>dotnet run --project cli -- accept</c> moves received over verified, or set
/// TCPKATA_ACCEPT_SNAPSHOTS=1 for one run. Refused on CI: a build server never blesses its own output.</item>
/// </list>
/// Traces are deterministic, so there are no scrubbers: a volatile value in a snapshot is a bug.
/// </summary>
public static class Snapshot
{
    public const string AcceptVariable = "TCPKATA_ACCEPT_SNAPSHOTS";

    /// <param name="actual">This run's text.</param>
    /// <param name="hint">What to check first, in the subject's own terms.</param>
    /// <param name="aroundLine">Extra context for the first line that differs (a ladder diagram of a trace), by 0-based line number.</param>
    /// <param name="failurePage">The trace explorer page of a mismatch, given the verified text (null when there is none yet):
    /// written beside the received file (<see cref="FailurePage"/>) and named in the failure message.</param>
    /// <param name="sourceFile">The test's file: the snapshot sits beside it.</param>
    public static void Verify(string actual, string? hint = null, Func<int, string>? aroundLine = null, Func<string?, string>? failurePage = null,
        [CallerFilePath] string sourceFile = "")
    {
        var paths = PathsFor(sourceFile);
        var stem = paths.Verified[..^".verified.txt".Length];
        var verified = File.Exists(paths.Verified) ? File.ReadAllText(paths.Verified) : null;
        var result = Compare(actual, paths, AcceptRequested(), IsCi());
        if (result.Kind == SnapshotOutcome.Matched || result.Kind == SnapshotOutcome.Accepted)
        {
            if (failurePage is not null) FailurePage.Remove(stem);
            return;
        }
        if (!IsCi()) LaunchDiffTool(paths);
        var context = aroundLine is null ? "" : "\n" + aroundLine(FirstDifferentLine(verified ?? "", actual));
        var page = failurePage is null ? "" : "\n" + FailurePage.Write(stem, () => failurePage(verified));
        Assert.Fail(result.Message + (hint is null ? "" : $"\nHint: {hint}") + context + page);
    }

    /// <summary>The 0-based number of the first line where the two texts differ.</summary>
    public static int FirstDifferentLine(string expected, string actual)
    {
        var a = Normalize(expected).Split('\n');
        var b = Normalize(actual).Split('\n');
        var i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i]) i++;
        return i;
    }

    public static SnapshotPaths PathsFor(string sourceFile)
    {
        var test = TestContext.CurrentContext.Test;
        var type = test.ClassName?.Split('.').Last() ?? "Unknown";
        var method = test.MethodName ?? test.Name;
        // Parameterized tests get their arguments in the name, as Verify does ("Type.Method_arg1_arg2").
        var args = test.Arguments.Length == 0 ? "" : "_" + string.Join("_", test.Arguments.Select(a => Sanitize(a?.ToString() ?? "null")));
        var directory = Path.GetDirectoryName(sourceFile)!;
        var stem = Path.Combine(directory, $"{type}.{method}{args}");
        return new SnapshotPaths(stem + ".verified.txt", stem + ".received.txt");
    }

    private static string Sanitize(string s) => new(s.Select(c => char.IsLetterOrDigit(c) || c is '-' or '.' ? c : '-').ToArray());

    /// <summary>The comparison itself, free of NUnit, so the helper's own tests can drive it.</summary>
    public static SnapshotResult Compare(string actual, SnapshotPaths paths, bool accept, bool ci)
    {
        actual = Normalize(actual);
        var verified = File.Exists(paths.Verified) ? Normalize(File.ReadAllText(paths.Verified)) : null;
        if (verified == actual)
        {
            if (File.Exists(paths.Received)) File.Delete(paths.Received);
            return new SnapshotResult(SnapshotOutcome.Matched, "");
        }
        if (accept && ci)
        {
            File.WriteAllText(paths.Received, actual);
            return new SnapshotResult(SnapshotOutcome.Refused,
                $"{AcceptVariable} is set, but snapshots are never accepted on CI. Accept locally and commit {Path.GetFileName(paths.Verified)}.\n" + Describe(verified, actual, paths));
        }
        if (accept)
        {
            File.WriteAllText(paths.Verified, actual);
            if (File.Exists(paths.Received)) File.Delete(paths.Received);
            return new SnapshotResult(SnapshotOutcome.Accepted, "");
        }
        File.WriteAllText(paths.Received, actual);
        return new SnapshotResult(verified is null ? SnapshotOutcome.Missing : SnapshotOutcome.Differs, Describe(verified, actual, paths));
    }

    private static string Describe(string? verified, string actual, SnapshotPaths paths)
    {
        var sb = new StringBuilder();
        if (verified is null)
        {
            sb.Append($"No verified snapshot yet: {Path.GetFileName(paths.Verified)} does not exist.\n");
            sb.Append($"What this run produced is in {paths.Received}:\n");
            foreach (var line in actual.Split('\n')) sb.Append("  ").Append(line).Append('\n');
        }
        else
        {
            sb.Append($"The trace differs from {Path.GetFileName(paths.Verified)} (- verified, + this run):\n");
            sb.Append(Diff(verified, actual));
            sb.Append($"This run's trace is in {paths.Received}.\n");
        }
        sb.Append("If the new trace is right, accept it: dotnet run --project cli -- accept (or rerun with " + AcceptVariable + "=1).");
        return sb.ToString();
    }

    /// <summary>A unified-style diff with two lines of context around each change (DiffPlex does the diffing).</summary>
    public static string Diff(string expected, string actual, int context = 2)
    {
        var lines = InlineDiffBuilder.Diff(expected, actual, ignoreWhiteSpace: false).Lines;
        var keep = new bool[lines.Count];
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].Type == ChangeType.Unchanged) continue;
            for (var j = Math.Max(0, i - context); j <= Math.Min(lines.Count - 1, i + context); j++) keep[j] = true;
        }
        var sb = new StringBuilder();
        var skipped = false;
        for (var i = 0; i < lines.Count; i++)
        {
            if (!keep[i])
            {
                if (!skipped) sb.Append("  ...\n");
                skipped = true;
                continue;
            }
            skipped = false;
            var marker = lines[i].Type switch
            {
                ChangeType.Deleted => "- ",
                ChangeType.Inserted => "+ ",
                _ => "  ",
            };
            sb.Append(marker).Append(lines[i].Text).Append('\n');
        }
        return sb.ToString();
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n").TrimEnd('\n') + "\n";

    private static bool AcceptRequested() => Environment.GetEnvironmentVariable(AcceptVariable) is "1" or "true";

    public static bool IsCi() => Environment.GetEnvironmentVariable("CI") is { Length: > 0 } v && v != "false" || BuildServerDetector.Detected;

    private static void LaunchDiffTool(SnapshotPaths paths)
    {
        try
        {
            // DiffEngine honours DiffEngine_Disabled=true and finds no tool on a headless machine; it never blocks the test.
            DiffRunner.LaunchAsync(paths.Received, paths.Verified).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not AssertionException)
        {
            TestContext.Out.WriteLine($"(could not open a diff tool: {e.Message})");
        }
    }
}

public sealed record SnapshotPaths(string Verified, string Received);

public enum SnapshotOutcome
{
    Matched,
    Accepted,
    Missing,
    Differs,
    Refused,
}

public sealed record SnapshotResult(SnapshotOutcome Kind, string Message);
