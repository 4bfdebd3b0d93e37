using System.CommandLine;
using System.Diagnostics;
using TcpKata.Cli.Loop;
using TcpKata.Engine;
using Command = System.CommandLine.Command;

namespace TcpKata.Cli;

/// <summary>
/// <c>tcpkata watch [EXERCISE]</c>: a round of <c>tcpkata test</c> (<see cref="EngineLoop"/>) whenever an exercise file is
/// saved, printing the compiler's errors, or the TCPK findings, what changed since the round before, the tally and where to
/// start. The engine stays warm between saves, so a round takes about a second. When the engine cannot start, it says why
/// and runs <c>dotnet test --filter</c> on each save instead.
/// </summary>
internal static class WatchCommand
{
    public static Command Create()
    {
        var exercise = new Argument<string?>("EXERCISE") { Arity = ArgumentArity.ZeroOrOne, Description = "an exercise slug, number or filter word (default: the next unfinished one)" };
        var command = new Command("watch", "Rerun an exercise's tests whenever you save a file in exercises/, in about a second, and print what changed (Ctrl+C stops).") { exercise };
        command.SetAction(async (parsed, cancel) =>
        {
            var output = parsed.InvocationConfiguration.Output;
            var error = parsed.InvocationConfiguration.Error;
            if (TestCommand.Choose(parsed.GetValue(exercise), error) is not var (root, catalog, state, chosen)) return global::TcpKata.Cli.Cli.Usage;
            var folder = Path.Combine(root.FullName, "exercises");
            // Every exercise's files, not only the chosen one's: its tests run the earlier exercises' handlers too.
            using var watcher = new FileSystemWatcher(folder, "*.cs") { IncludeSubdirectories = true, EnableRaisingEvents = true };
            var changed = new SemaphoreSlim(0);
            watcher.Changed += (_, _) => changed.Release();
            watcher.Created += (_, _) => changed.Release();
            watcher.Renamed += (_, _) => changed.Release();
            output.WriteLine($"watching exercises/ for {chosen.Slug} (Ctrl+C stops)");
            await using var loop = new EngineLoop(root, catalog, state);
            LoopRound? previous = null;
            while (!cancel.IsCancellationRequested)
            {
                var clock = Stopwatch.StartNew();
                try
                {
                    var round = await loop.RunAsync(chosen, cancel);
                    LoopReport.Write(round, output, previous: previous);
                    output.WriteLine($"({clock.Elapsed.TotalSeconds:0.0} s; waiting for a save)");
                    previous = round;
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                catch (Exception x) when (TestCommand.EngineCannotStart(x))
                {
                    await TestCommand.FallBackAsync(root, chosen, x, output, error, cancel);
                }
                try
                {
                    await changed.WaitAsync(cancel);
                    await Task.Delay(100, cancel); // an editor's save is several file events: let them settle
                    while (changed.CurrentCount > 0) await changed.WaitAsync(cancel);
                    output.WriteLine();
                    output.WriteLine($"── saved {DateTime.Now:HH:mm:ss} ──");
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
}
