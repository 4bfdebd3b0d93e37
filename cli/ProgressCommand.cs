using System.CommandLine;
using Command = System.CommandLine.Command;
using CommandResultValidation = CliWrap.CommandResultValidation;
using Spectre.Console;
using CliWrap.Buffered;
using TcpKata.Engine;

namespace TcpKata.Cli;

/// <summary><c>tcpkata progress</c>, <c>next</c> and <c>hint</c>: where you stand, from real test results, and hints one at a time.</summary>
internal static class ProgressCommand
{
    private const string ResultsFile = "progress.trx";

    /// <summary>Where the CLI keeps the last results and the hints revealed; TCPKATA_STATE_DIR overrides it (tests).</summary>
    internal static string StateDirectory(DirectoryInfo root) =>
        Environment.GetEnvironmentVariable("TCPKATA_STATE_DIR") is { Length: > 0 } dir ? dir : Path.Combine(root.FullName, ".tcpkata");

    public static Command Create()
    {
        var noRun = new Option<bool>("--no-run") { Description = "read the last run's results instead of running the tests" };
        var solutions = new Option<bool>("--solutions") { Description = "measure the reference solutions (-p:Kata=Solutions) instead of your exercises" };
        var markdown = new Option<bool>("--markdown") { Description = "write the table in Markdown, e.g. for a CI job's summary (>> \"$GITHUB_STEP_SUMMARY\")" };
        var lang = Language.Create();
        var command = new Command("progress", "Run the exercise tests and show each exercise's state (not started / failing N of M / done) and what to do next.")
        {
            noRun, solutions, markdown, lang,
        };
        command.SetAction(async (parsed, cancel) =>
        {
            var output = parsed.InvocationConfiguration.Output;
            var error = parsed.InvocationConfiguration.Error;
            if (global::TcpKata.Cli.Cli.RepositoryRootOrComplain(error) is not { } root) return global::TcpKata.Cli.Cli.Usage;
            var state = StateDirectory(root);
            var trx = Path.Combine(state, ResultsFile);
            if (!parsed.GetValue(noRun))
            {
                (parsed.GetValue(markdown) ? error : output).WriteLine("running the exercise tests (dotnet test tests/TcpKata.Tests) ...");
                var run = await CliWrap.Cli.Wrap("dotnet")
                    .WithArguments(["test", "tests/TcpKata.Tests/TcpKata.Tests.csproj", $"-p:Kata={(parsed.GetValue(solutions) ? "Solutions" : "Exercises")}",
                        "--logger", $"trx;LogFileName={ResultsFile}", "--results-directory", state])
                    .WithWorkingDirectory(root.FullName)
                    .WithValidation(CommandResultValidation.None)
                    .ExecuteBufferedAsync(cancel);
                if (!File.Exists(trx))
                {
                    error.WriteLine("tcpkata: the tests did not run (a build error?). What dotnet test said:");
                    error.WriteLine(run.StandardOutput.Trim());
                    return global::TcpKata.Cli.Cli.Failed;
                }
            }
            else if (!File.Exists(trx))
            {
                error.WriteLine("tcpkata: no earlier run to read; run 'tcpkata progress' without --no-run first");
                return global::TcpKata.Cli.Cli.Usage;
            }
            var progress = ExerciseProgress.From(ExerciseCatalog.Load(root), TestResults.ReadTrx(trx));
            if (parsed.GetValue(markdown)) PrintMarkdown(progress, output);
            else Print(progress, output, Language.IsChinese(parsed.GetValue(lang)));
            return global::TcpKata.Cli.Cli.Ok;
        });
        return command;
    }

    /// <summary>The table in Markdown (GitHub's job summary renders it): each exercise's state, the count done, what to do next.</summary>
    internal static void PrintMarkdown(IReadOnlyList<ExerciseProgress> progress, TextWriter output)
    {
        output.WriteLine($"## TcpKata: {progress.Count(p => p.Done)} of {progress.Count} exercises done");
        output.WriteLine();
        output.WriteLine("| | exercise | state |");
        output.WriteLine("|---|---|---|");
        foreach (var p in progress)
            output.WriteLine($"| {(p.Done ? "✅" : p.Started ? "❌" : "⬜")} | {p.Exercise.Slug} | {p.Status.Replace("|", "\\|")} |");
        if (progress.FirstOrDefault(p => !p.Done) is { } next)
            output.WriteLine($"{Environment.NewLine}Next: **{next.Exercise.Slug}** ({next.Exercise.Title}): read `exercises/{next.Exercise.Slug}/README.md`, then `{next.Exercise.TestCommand}`.");
    }

    /// <summary>
    /// The table, through Spectre.Console: colours only when the output is a terminal that supports them
    /// (and never with NO_COLOR), widths fitted to the terminal.
    /// </summary>
    internal static void Print(IReadOnlyList<ExerciseProgress> progress, TextWriter output, bool chinese = false)
    {
        var console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
        {
            Out = new Spectre.Console.AnsiConsoleOutput(output),
        });
        var table = new Spectre.Console.Table().NoBorder().HideHeaders()
            .AddColumn(string.Empty).AddColumn("exercise").AddColumn("state");
        foreach (var p in progress)
        {
            var style = p.Done ? "green" : p.Started ? "red" : "grey";
            table.AddRow(p.Done ? "✓" : " ", Spectre.Console.Markup.Escape(p.Exercise.Slug), $"[{style}]{Spectre.Console.Markup.Escape(chinese ? p.ChineseStatus : p.Status)}[/]");
        }
        console.Write(table);
        var done = progress.Count(p => p.Done);
        const int bar = 28;
        var filled = progress.Count == 0 ? 0 : done * bar / progress.Count;
        // The lines below go straight to the writer: Spectre would wrap them at 80 columns in a pipe.
        output.WriteLine(chinese
            ? $"[{new string('#', filled)}{new string('-', bar - filled)}] {progress.Count} 個練習完成了 {done} 個"
            : $"[{new string('#', filled)}{new string('-', bar - filled)}] {done} of {progress.Count} exercises done");
        var next = progress.FirstOrDefault(p => !p.Done);
        output.WriteLine(next is null
            ? chinese ? "全部完成。試試用 chaos 測試你的程式：dotnet run --project cli -- chaos" : "All done. Try the chaos run on your code: dotnet run --project cli -- chaos"
            : chinese
                ? $"下一個：{next.Exercise.Slug}（{next.Exercise.Title}）：先讀 exercises/{next.Exercise.Slug}/README.zh-Hant.md，然後執行 {next.Exercise.TestCommand}"
                : $"next: {next.Exercise.Slug} ({next.Exercise.Title}): read exercises/{next.Exercise.Slug}/README.md, then {next.Exercise.TestCommand}");
    }
}

/// <summary><c>tcpkata hint [EXERCISE]</c>: reveals the next of an exercise's hints, keeping the ones already shown.</summary>
internal static class HintCommand
{
    public static Command Create()
    {
        var exercise = new Argument<string?>("EXERCISE") { Arity = ArgumentArity.ZeroOrOne, Description = "an exercise slug or number (default: the next unfinished one from the last progress run, else 01)" };
        var reset = new Option<bool>("--reset") { Description = "hide this exercise's hints again" };
        var lang = Language.Create();
        var command = new Command("hint", "Show the next hint for an exercise, one at a time, least revealing first ('next' does the same for the next unfinished exercise).") { exercise, reset, lang };
        command.Aliases.Add("next");
        command.SetAction(parsed =>
        {
            var output = parsed.InvocationConfiguration.Output;
            var error = parsed.InvocationConfiguration.Error;
            if (!Language.Valid(parsed.GetValue(lang), error)) return global::TcpKata.Cli.Cli.Usage;
            var chinese = Language.IsChinese(parsed.GetValue(lang));
            if (global::TcpKata.Cli.Cli.RepositoryRootOrComplain(error) is not { } root) return global::TcpKata.Cli.Cli.Usage;
            var exercises = ExerciseCatalog.Load(root);
            var state = ProgressCommand.StateDirectory(root);
            var name = parsed.GetValue(exercise) ?? NextUnfinished(exercises, state);
            if (Find(exercises, name, error) is not { } chosen) return global::TcpKata.Cli.Cli.Usage;
            var revealed = Revealed(state);
            // The Chinese README's hints are the same hints in the same order; where it has none, the English ones.
            var hints = chinese && chosen.ChineseHints.Count == chosen.Hints.Count ? chosen.ChineseHints : chosen.Hints;
            var shown = parsed.GetValue(reset) ? 0 : Math.Min(revealed.GetValueOrDefault(chosen.Slug) + 1, hints.Count);
            revealed[chosen.Slug] = shown;
            Directory.CreateDirectory(state);
            File.WriteAllText(Path.Combine(state, "hints.json"), System.Text.Json.JsonSerializer.Serialize(revealed));
            output.WriteLine(chinese ? $"{chosen.Slug}：提示 {shown}／{hints.Count}" : $"{chosen.Slug}: hint {shown} of {hints.Count}");
            for (var i = 0; i < shown; i++) output.WriteLine($"  {i + 1}. {hints[i]}");
            if (shown == hints.Count && shown > 0)
                output.WriteLine(chinese ? "  （這是最後一個提示；其餘請看 README 列出的 RFC 章節）" : "  (that was the last hint; the README's RFC sections say the rest)");
            return global::TcpKata.Cli.Cli.Ok;
        });
        return command;
    }

    private static Dictionary<string, int> Revealed(string state)
    {
        var path = Path.Combine(state, "hints.json");
        return File.Exists(path) ? System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(path)) ?? [] : [];
    }

    /// <summary>An exercise by slug ("03-passive-close"), number ("3", "03") or filter word ("PassiveClose"); null after naming the ones there are.</summary>
    internal static Exercise? Find(IReadOnlyList<Exercise> exercises, string name, TextWriter error)
    {
        var found = exercises.Find(name);
        if (found is null) error.WriteLine($"tcpkata: unknown exercise '{name}'. Exercises: {string.Join(", ", exercises.Select(e => $"{e.Slug} ({e.FilterWord})"))}");
        return found;
    }

    internal static string NextUnfinished(IReadOnlyList<Exercise> exercises, string state)
    {
        var trx = Path.Combine(state, "progress.trx");
        if (!File.Exists(trx)) return exercises[0].Slug;
        return ExerciseProgress.From(exercises, TestResults.ReadTrx(trx)).FirstOrDefault(p => !p.Done)?.Exercise.Slug ?? exercises[^1].Slug;
    }
}
