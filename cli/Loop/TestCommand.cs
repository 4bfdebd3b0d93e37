using System.CommandLine;
using System.Diagnostics;
using CliWrap;
using TcpKata.Engine;
using Command = System.CommandLine.Command;

namespace TcpKata.Cli.Loop;

/// <summary>
/// <c>tcpkata test [EXERCISE]</c>: one round of the fast loop: the exercise files as saved, compiled in memory, and that
/// exercise's tests run in a warm process (<see cref="EngineLoop"/>). When the engine cannot start it says why and runs
/// <c>dotnet test --filter</c> instead.
/// </summary>
internal static class TestCommand
{
    public static Command Create()
    {
        var exercise = new Argument<string?>("EXERCISE") { Arity = ArgumentArity.ZeroOrOne, Description = "an exercise slug, number or filter word (default: the next unfinished one)" };
        var all = new Option<bool>("--all") { Description = "print every failing test's message, not one of each kind" };
        var command = new Command("test", "Compile your exercise files in memory and run one exercise's tests: the verdict in about a second, ending with where to start.")
        {
            exercise, all,
        };
        command.SetAction(async (parsed, cancel) =>
        {
            var output = parsed.InvocationConfiguration.Output;
            var error = parsed.InvocationConfiguration.Error;
            if (Choose(parsed.GetValue(exercise), error) is not var (root, catalog, state, chosen)) return global::TcpKata.Cli.Cli.Usage;
            var clock = Stopwatch.StartNew();
            await using var loop = new EngineLoop(root, catalog, state);
            LoopRound round;
            try
            {
                round = await loop.RunAsync(chosen, cancel);
            }
            catch (Exception x) when (EngineCannotStart(x))
            {
                return await FallBackAsync(root, chosen, x, output, error, cancel);
            }
            LoopReport.Write(round, output, parsed.GetValue(all));
            output.WriteLine($"({clock.Elapsed.TotalSeconds:0.0} s)");
            return Verdict(round);
        });
        return command;
    }

    /// <summary>The repository, its exercises, the state folder and the exercise the student named (or the next unfinished one); null after saying what is wrong.</summary>
    internal static (DirectoryInfo Root, IReadOnlyList<Exercise> Catalog, string State, Exercise Chosen)? Choose(string? name, TextWriter error)
    {
        if (global::TcpKata.Cli.Cli.RepositoryRootOrComplain(error) is not { } root) return null;
        var catalog = ExerciseCatalog.Load(root);
        var state = ProgressCommand.StateDirectory(root);
        var chosen = HintCommand.Find(catalog, name ?? HintCommand.NextUnfinished(catalog, state), error);
        return chosen is null ? null : (root, catalog, state, chosen);
    }

    /// <summary>What the engine throws when it cannot run here (the tests do not compile, a worker does not start, the state
    /// folder is not writable): the loop then falls back to dotnet test.</summary>
    internal static bool EngineCannotStart(Exception x) =>
        x is InvalidOperationException or IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception;

    internal static int Verdict(LoopRound round) =>
        round.Build.Compiled && round.Outcomes.Count > 0 && round.Outcomes.All(o => o.Passed) ? global::TcpKata.Cli.Cli.Ok : global::TcpKata.Cli.Cli.Failed;

    /// <summary>What the student would have typed without the engine: <c>dotnet test --filter WORD</c>, its output passed through.</summary>
    internal static async Task<int> FallBackAsync(DirectoryInfo root, Exercise exercise, Exception why, TextWriter output, TextWriter error, CancellationToken cancel)
    {
        error.WriteLine($"tcpkata: the in-memory loop could not start ({why.Message.Split('\n')[0].Trim()}); running '{exercise.TestCommand}' instead");
        var result = await CliWrap.Cli.Wrap("dotnet")
            .WithArguments(["test", "--filter", exercise.FilterWord])
            .WithWorkingDirectory(root.FullName)
            .WithStandardOutputPipe(PipeTarget.ToDelegate(output.WriteLine))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(error.WriteLine))
            .WithValidation(CommandResultValidation.None)
            .ExecuteAsync(cancel);
        return result.ExitCode == 0 ? global::TcpKata.Cli.Cli.Ok : global::TcpKata.Cli.Cli.Failed;
    }
}
