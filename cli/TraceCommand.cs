using System.CommandLine;
using TcpKata.Engine;
using TcpKata.Scenarios;

namespace TcpKata.Cli;

/// <summary><c>tcpkata trace SCENARIO [--seed N] [--fault F]...</c>: prints a scenario's trace.</summary>
internal static class TraceCommand
{
    /// <summary>Fits the ladder to the terminal (the time and state columns take about 60); the default in a pipe.</summary>
    private static int ArrowWidthForTerminal()
    {
        if (Console.IsOutputRedirected) return Tracing.LadderRenderer.DefaultArrowWidth;
        try
        {
            return Math.Clamp(Console.WindowWidth - 62, 28, 70);
        }
        catch (IOException)
        {
            return Tracing.LadderRenderer.DefaultArrowWidth;
        }
    }

    /// <param name="handlers">whose handlers run (the student's, unless a test says otherwise)</param>
    public static Command Create(Func<TcpHandlers>? handlers = null)
    {
        var scenario = new Argument<string>("SCENARIO") { Description = "a scenario name; 'tcpkata scenarios' lists them" };
        var seed = new Option<ulong>("--seed") { Description = "seed for the network's randomness (loss, jitter...) and the ISNs", DefaultValueFactory = _ => 1 };
        var faults = new Option<string[]>("--fault")
        {
            Description = "add a scripted fault: ACTION HOST FLAGS [#N|all] [+DELAY], e.g. \"drop server S. #1\" (repeatable)",
            AllowMultipleArgumentsPerToken = false,
        };
        var absolute = new Option<bool>("--absolute") { Description = "print raw sequence numbers instead of relative ones (like tcpdump -S)" };
        var ladder = new Option<bool>("--ladder") { Description = "draw the trace as a ladder (sequence) diagram of the two busiest hosts" };
        var mermaid = new Option<bool>("--mermaid") { Description = "print the ladder as Mermaid sequenceDiagram text (GitHub renders it in Markdown)" };
        var pcap = new Option<FileInfo?>("--pcap") { Description = "also write the segments as a libpcap file for Wireshark or tshark" };
        var ladderSvg = new Option<FileInfo?>("--ladder-svg") { Description = "also draw the ladder diagram as an SVG picture in this file" };
        var html = new Option<FileInfo?>("--html")
        {
            Description = "also write the trace explorer: one HTML file, offline, to step through the ladder, both hosts' states and TCBs, and each segment",
        };
        var lang = Language.Create();
        var profile = ProfileOption.Create();
        profile.Description += "; the scenario's own settings (its port range, keep-alive times) stay";
        var command = new Command("trace", "Run a scenario with your handlers and print its trace.")
        {
            scenario, seed, faults, absolute, ladder, mermaid, pcap, ladderSvg, html, lang, profile,
        };
        command.SetAction(parsed =>
        {
            var output = parsed.InvocationConfiguration.Output;
            var error = parsed.InvocationConfiguration.Error;
            var name = parsed.GetValue(scenario)!;
            if (!Language.Valid(parsed.GetValue(lang), error)) return Cli.Usage;
            if (ScenarioCatalog.Find(name) is not { } found)
            {
                error.WriteLine($"tcpkata: unknown scenario '{name}'. Scenarios: {string.Join(", ", ScenarioCatalog.All.Select(s => s.Name))}");
                return Cli.Usage;
            }
            List<Fault> extra;
            try
            {
                extra = (parsed.GetValue(faults) ?? []).Select(Fault.Parse).ToList();
            }
            catch (FormatException e)
            {
                error.WriteLine($"tcpkata: {e.Message}");
                return Cli.Usage;
            }
            var run = parsed.GetValue(profile) is { } chosen && chosen != TcpProfile.Rfc ? found.On(chosen) : found;
            Tracing.Explorer.TcbTimeline? tcbs = null;
            // A run that broke off is still the student's to see: the files are written, and the message says why it stopped.
            var (sim, brokeOff) = run.RunToTheEndOrBreak((handlers ?? Cli.Handlers)(), parsed.GetValue(seed), extra,
                observe: parsed.GetValue(html) is null ? null : s => tcbs = new Tracing.Explorer.TcbTimeline(s));
            var trace = sim.Trace;
            // A fault that names no host of the scenario is a typo, not a quiet run without it.
            if (extra.FirstOrDefault(f => sim.Hosts.All(h => h.Name != f.From)) is { } stray)
            {
                error.WriteLine($"tcpkata: --fault \"{stray}\": scenario '{name}' has no host '{stray.From}' (its hosts: {string.Join(", ", sim.Hosts.Select(h => h.Name))})");
                return Cli.Usage;
            }
            foreach (var unmet in extra.Where(f => f.Seen < Math.Max(1, f.Occurrence)))
                error.WriteLine($"note: --fault \"{unmet}\" acted on nothing: {unmet.From} sent {unmet.Seen} segment(s) with those flags");
            var pair = Tracing.LadderRenderer.BusiestPair(trace);
            var files = new List<(FileInfo File, Func<byte[]> Content)>();
            if (parsed.GetValue(html) is { } htmlFile && pair is var (hl, hr))
            {
                var title = $"tcpkata trace {name} --seed {parsed.GetValue(seed)}" + (run.Limits != found.Limits ? $" --profile {parsed.GetValue(profile)!.Name}" : "");
                files.Add((htmlFile, () => System.Text.Encoding.UTF8.GetBytes(
                    Tracing.Explorer.TraceExplorerPage.Render(trace, tcbs, hl, hr, title, Language.IsChinese(parsed.GetValue(lang)), brokeOff))));
            }
            if (parsed.GetValue(pcap) is { } pcapFile) files.Add((pcapFile, () => Tracing.PcapWriter.Write(trace)));
            if (parsed.GetValue(ladderSvg) is { } svgFile && pair is var (l, r))
                files.Add((svgFile, () => System.Text.Encoding.UTF8.GetBytes(Tracing.LadderSvgRenderer.Render(trace, l, r))));
            foreach (var (file, content) in files)
            {
                try
                {
                    File.WriteAllBytes(file.FullName, content());
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    error.WriteLine($"tcpkata: cannot write {file.FullName}: {e.Message}");
                    return Cli.Usage;
                }
            }
            if ((parsed.GetValue(ladder) || parsed.GetValue(mermaid)) && pair is var (left, right))
                output.Write(parsed.GetValue(mermaid)
                    ? Tracing.LadderRenderer.RenderMermaid(trace, left, right)
                    : Tracing.LadderRenderer.Render(trace, left, right, arrowWidth: ArrowWidthForTerminal()));
            else output.Write(trace.Render(absolute: parsed.GetValue(absolute)));
            if (brokeOff is null) return Cli.Ok;
            error.WriteLine(brokeOff);
            if (files.Count > 0) error.WriteLine($"(the run broke off there; {string.Join(", ", files.Select(f => Path.GetRelativePath(Environment.CurrentDirectory, f.File.FullName)))} {(files.Count == 1 ? "shows" : "show")} it up to that point)");
            return Cli.Failed;
        });
        return command;
    }
}

internal static class ScenariosCommand
{
    public static Command Create()
    {
        var command = new Command("scenarios", "List the scenarios 'tcpkata trace' can run.");
        command.SetAction(parsed =>
        {
            var output = parsed.InvocationConfiguration.Output;
            var width = ScenarioCatalog.All.Max(s => s.Name.Length);
            foreach (var s in ScenarioCatalog.All) output.WriteLine($"{s.Name.PadRight(width)}  {s.Description}");
            return Cli.Ok;
        });
        return command;
    }
}
