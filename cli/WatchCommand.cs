using System.CommandLine;
using CliWrap.Buffered;
using Command = System.CommandLine.Command;
using CommandResultValidation = CliWrap.CommandResultValidation;
using TcpKata.Engine;

namespace TcpKata.Cli;

/// <summary>
/// <c>tcpkata watch [EXERCISE]</c>: reruns one exercise's tests whenever a file of that exercise changes and
/// prints only what changed since the last run. Built on <c>dotnet test</c> (TRX results) and a file watcher.
/// </summary>
internal static class WatchCommand
{
    public static Command Create()
    {
        var exercise = new Argument<string?>("EXERCISE") { Arity = ArgumentArity.ZeroOrOne, Description = "an exercise slug or number (default: the next unfinished one)" };
        var command = new Command("watch", "Rerun the current exercise's tests whenever you save one of its files, and print what changed (Ctrl+C stops).") { exercise };
        command.SetAction(async (parsed, cancel) =>
        {
            var output = parsed.InvocationConfiguration.Output;
            var error = parsed.InvocationConfiguration.Error;
            if (global::TcpKata.Cli.Cli.RepositoryRootOrComplain(error) is not { } root) return global::TcpKata.Cli.Cli.Usage;
            var exercises = ExerciseCatalog.Load(root);
            var state = ProgressCommand.StateDirectory(root);
            var name = parsed.GetValue(exercise) ?? HintCommand.NextUnfinished(exercises, state);
            if (HintCommand.Find(exercises, name, error) is not { } chosen) return global::TcpKata.Cli.Cli.Usage;
            var folder = Path.Combine(root.FullName, "exercises", chosen.Slug);
            using var watcher = new FileSystemWatcher(folder, "*.cs") { IncludeSubdirectories = true, EnableRaisingEvents = true };
            var changed = new SemaphoreSlim(0);
            watcher.Changed += (_, _) => changed.Release();
            watcher.Created += (_, _) => changed.Release();
            watcher.Renamed += (_, _) => changed.Release();
            output.WriteLine($"watching exercises/{chosen.Slug}/ (Ctrl+C stops)");
            IReadOnlyList<TestOutcome>? previous = null;
            while (!cancel.IsCancellationRequested)
            {
                var current = await RunTests(root, state, chosen, cancel);
                if (current is null) output.WriteLine($"the tests did not run: the build failed ({chosen.TestCommand} shows why)");
                else
                {
                    foreach (var line in Changes(previous, current)) output.WriteLine(line);
                    previous = current;
                }
                try
                {
                    await changed.WaitAsync(cancel);
                    await Task.Delay(300, cancel); // an editor's save is several file events: let them settle
                    while (changed.CurrentCount > 0) await changed.WaitAsync(cancel);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
            return global::TcpKata.Cli.Cli.Ok;
        });
        return command;
    }

    private static async Task<IReadOnlyList<TestOutcome>?> RunTests(DirectoryInfo root, string state, Exercise exercise, CancellationToken cancel)
    {
        var trx = Path.Combine(state, "watch.trx");
        if (File.Exists(trx)) File.Delete(trx);
        await CliWrap.Cli.Wrap("dotnet")
            .WithArguments(["test", "tests/TcpKata.Tests/TcpKata.Tests.csproj", "--filter", exercise.FilterWord,
                "--logger", "trx;LogFileName=watch.trx", "--results-directory", state])
            .WithWorkingDirectory(root.FullName)
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(cancel);
        return File.Exists(trx) ? TestResults.ReadTrx(trx) : null;
    }

    // ClientHandshakeTests.SynSent_SynAck_... : the namespace is the exercise being watched.
    private static string Short(string fullName) =>
        System.Text.RegularExpressions.Regex.Replace(fullName, @"^TcpKata\.Tests\.\w+\.", "");

    /// <summary>What a run changed: tests that started or stopped passing (with the first line of why), then the tally.
    /// The first run lists what fails.</summary>
    internal static IEnumerable<string> Changes(IReadOnlyList<TestOutcome>? previous, IReadOnlyList<TestOutcome> current)
    {
        // "TcpKata.Scripts.PktFailure : file.pkt:6: ..." reads better without the exception's type name.
        static string Why(TestOutcome o) =>
            System.Text.RegularExpressions.Regex.Replace(o.Message.Split('\n')[0].Trim(), @"^[\w.]+(Exception|Failure) : ", "");
        var before = previous?.ToDictionary(o => o.FullName, o => o.Passed) ?? [];
        var lines = new List<string>();
        foreach (var o in current)
        {
            var was = before.TryGetValue(o.FullName, out var p) ? p : (bool?)null;
            var name = Short(o.FullName);
            if (o.Passed && was == false) lines.Add($"  now passing: {name}");
            else if (!o.Passed && (was == true || previous is null)) lines.Add($"  {(was == true ? "now failing" : "failing")}: {name}: {Why(o)}");
        }
        if (previous is not null && lines.Count == 0) lines.Add("  no change");
        lines.Add($"{current.Count(o => o.Passed)} of {current.Count} passing");
        return lines;
    }
}
