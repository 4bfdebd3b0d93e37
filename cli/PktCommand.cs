using System.CommandLine;
using TcpKata.Kernel;
using TcpKata.Scripts;

namespace TcpKata.Cli;

/// <summary>
/// <c>tcpkata pkt FILE...</c>: runs packetdrill scripts against the handlers in the simulation, or with <c>--kernel</c>
/// against this machine's Linux TCP (real time, root). Exit 0 all pass, 1 any fails, 2 a script cannot be read or the
/// kernel cannot be reached.
/// </summary>
internal static class PktCommand
{
    public static Command Create()
    {
        var files = new Argument<FileInfo[]>("FILE") { Arity = ArgumentArity.OneOrMore, Description = "packetdrill scripts (.pkt) to run" };
        var lenient = new Option<bool>("--lenient-options")
        {
            Description = "compare only the MSS in expected TCP options (tolerate sackOK, wscale, nop, TS, which TcpKata never sends); for scripts written for Linux",
        };
        var tolerance = new Option<long?>("--tolerance-usecs")
        {
            Description = "timing tolerance in microseconds (default: the script's --tolerance_usecs, else 4000; with --kernel at least 25000)",
        };
        var verbose = new Option<bool>("--trace") { Description = "print each script's trace, also when it passes" };
        var profile = ProfileOption.Create();
        var kernel = new Option<bool>("--kernel")
        {
            Description = "run the scripts against this machine's Linux TCP instead (a TUN device in a private network namespace; real time; root)",
        };
        var sysctls = new Option<string[]>("--sysctl")
        {
            Description = "with --kernel: a setting applied in the run's namespace over packetdrill's defaults, NAME=VALUE (repeatable)",
            AllowMultipleArgumentsPerToken = false,
        };
        var retries = new Option<int>("--timing-retries")
        {
            Description = "with --kernel: how many more runs a script gets when it failed on timing alone (each is reported)",
            DefaultValueFactory = _ => 2,
        };
        var compare = new Option<bool>("--compare")
        {
            Description = "run each script on both, the kit (with --profile) and this machine's Linux, and show where they differ, side by side (root)",
        };
        var html = new Option<FileInfo?>("--html")
        {
            Description = "where a script fails, write its trace explorer page to this file (the script's ladder beside your run's, the first difference marked); with several scripts, each failing one's name goes before .html",
        };
        var lang = Language.Create();
        var command = new Command("pkt", "Run packetdrill scripts against your handlers (or the reference solutions with -p:Kata=Solutions), with --kernel against Linux, or --compare both.")
        {
            files, lenient, tolerance, verbose, profile, kernel, sysctls, retries, compare, html, lang,
        };
        command.SetAction(parsed =>
        {
            var (output, error) = (parsed.InvocationConfiguration.Output, parsed.InvocationConfiguration.Error);
            var tolerated = parsed.GetValue(tolerance) is { } us ? TimeSpan.FromTicks(us * 10) : (TimeSpan?)null;
            var options = new PktRunOptions { LenientOptions = parsed.GetValue(lenient), Tolerance = tolerated, Profile = parsed.GetValue(profile)! };
            if (!Language.Valid(parsed.GetValue(lang), error)) return Cli.Usage;
            if (parsed.GetValue(html) is not null && (parsed.GetValue(kernel) || parsed.GetValue(compare)))
            {
                error.WriteLine("tcpkata pkt: --html draws a run of the kit (your handlers); it does not go with --kernel or --compare");
                return Cli.Usage;
            }
            if (!parsed.GetValue(kernel) && !parsed.GetValue(compare))
                return Run(parsed.GetValue(files)!, options, parsed.GetValue(verbose), output, error,
                    parsed.GetValue(html) is { } page ? new ExplorerPages(page, parsed.GetValue(files)!.Length > 1, Language.IsChinese(parsed.GetValue(lang))) : null);
            if (PrepareKernel(parsed.GetValue(lenient), tolerated, parsed.GetValue(sysctls) ?? [], parsed.GetValue(retries), output, error) is not { } onKernel)
                return Cli.Usage;
            return parsed.GetValue(compare)
                ? PktComparison.Run(parsed.GetValue(files)!, options, onKernel, output, error)
                : RunOnKernel(parsed.GetValue(files)!, onKernel, parsed.GetValue(verbose), output, error);
        });
        return command;
    }

    /// <summary>Where failing scripts' explorer pages go: <paramref name="File"/>, or with <paramref name="PerScript"/> that name
    /// with each script's before ".html".</summary>
    internal sealed record ExplorerPages(FileInfo File, bool PerScript, bool Chinese)
    {
        public string PathFor(PktScript script) => PerScript
            ? Path.Combine(File.DirectoryName!, $"{Path.GetFileNameWithoutExtension(File.Name)}.{Path.GetFileNameWithoutExtension(script.File)}{File.Extension}")
            : File.FullName;
    }

    internal static int Run(IEnumerable<FileInfo> files, PktRunOptions options, bool printTrace, TextWriter output, TextWriter error,
        ExplorerPages? pages = null) =>
        RunEach(files, script =>
        {
            try
            {
                var result = PktRunner.Run(script, Cli.Handlers(), options);
                return (result.Notes, result.Simulation.Trace);
            }
            catch (PktFailure failure) when (pages is not null && !failure.ReachedStub)
            {
                var path = pages.PathFor(script);
                File.WriteAllText(path, PktFailurePage.Render(script, Cli.Handlers(), options, failure, $"tcpkata pkt {script.File}", pages.Chinese));
                throw new PktFailure(failure.File, failure.Line, failure.Text + $"\nexplorer: {path}", failure.InnerException) { Trace = failure.Trace };
            }
        }, printTrace, output, error);

    /// <summary>The options a kernel run takes, after saying which kernel and which settings; null (and why, on
    /// <paramref name="error"/>) when the kernel cannot be reached or a setting asked for does not apply.</summary>
    internal static KernelRunOptions? PrepareKernel(bool lenient, TimeSpan? tolerance, IEnumerable<string> sysctls, int retries, TextWriter output, TextWriter error)
    {
        if (PrivateNetwork.Unavailable() is { } why)
        {
            error.WriteLine($"tcpkata pkt --kernel: {why}. On macOS or Windows, run it in a Linux container (README.md, \"Ask Linux\").");
            return null;
        }
        try
        {
            var overrides = sysctls.ToList();
            var settings = KernelSettings.With(overrides);
            var setup = KernelSettings.Probe(settings);
            // A default this kernel does not take is reported and left out; a setting asked for on the command line must apply
            // (a congestion control may apply per socket).
            if (setup.Refused.FirstOrDefault(r => overrides.Any(o => !o.StartsWith(KernelSettings.CongestionControl, StringComparison.Ordinal)
                                                                     && r.Contains(o.Split('=')[0].Trim() + "=", StringComparison.Ordinal))) is { } mine)
                throw new ArgumentException(mine);
            output.WriteLine($"kernel: {PrivateNetwork.KernelVersion}, in a private network namespace made for each script; tolerance {(tolerance ?? KernelPktRunner.DefaultTolerance).TotalMilliseconds} ms or the script's");
            output.WriteLine("settings: " + string.Join(" ", setup.Applied.Select(s => $"{s.Key}={s.Value}")));
            foreach (var reason in setup.Refused) output.WriteLine($"not applied: {reason}");
            if (setup.CongestionControlPerSocket is { } perSocket) output.WriteLine($"instead: TCP_CONGESTION {perSocket} on every socket the script makes");
            return new KernelRunOptions { LenientOptions = lenient, Tolerance = tolerance, Settings = settings, TimingRetries = retries };
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException)
        {
            error.WriteLine($"tcpkata pkt --kernel: {e.Message}");
            return null;
        }
    }

    internal static int RunOnKernel(IEnumerable<FileInfo> files, KernelRunOptions options, bool printTrace, TextWriter output, TextWriter error) =>
        RunEach(files, script =>
        {
            var result = KernelPktRunner.Run(script, options);
            return (result.Notes, result.Trace);
        }, printTrace, output, error);

    private static int RunEach(IEnumerable<FileInfo> files, Func<PktScript, (IReadOnlyList<string> Notes, Tracing.Trace Trace)> run, bool printTrace,
        TextWriter output, TextWriter error)
    {
        int passed = 0, failed = 0, broken = 0;
        foreach (var file in files)
        {
            var name = Path.GetRelativePath(Environment.CurrentDirectory, file.FullName);
            if (!file.Exists)
            {
                error.WriteLine($"{name}: no such file");
                broken++;
                continue;
            }
            try
            {
                var (notes, trace) = run(PktParser.Parse(File.ReadAllText(file.FullName), name));
                foreach (var note in notes) output.WriteLine(note);
                output.WriteLine($"PASS {name}");
                if (printTrace) output.Write(trace.Render());
                passed++;
            }
            catch (PktSyntaxException e)
            {
                error.WriteLine($"ERROR {e.Message}");
                broken++;
            }
            catch (PktFailure e)
            {
                output.WriteLine($"FAIL {e.Message}");
                failed++;
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException or IOException or PlatformNotSupportedException)
            {
                // The kernel's namespace could not be made or set up (ip, tc, a sysctl this kernel lacks).
                error.WriteLine($"ERROR {name}: {e.Message}");
                broken++;
            }
        }
        output.WriteLine($"{passed} passed, {failed} failed" + (broken > 0 ? $", {broken} could not be read" : ""));
        return broken > 0 ? Cli.Usage : failed > 0 ? Cli.Failed : Cli.Ok;
    }
}
