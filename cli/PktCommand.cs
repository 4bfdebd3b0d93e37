using System.CommandLine;
using TcpKata.Scripts;

namespace TcpKata.Cli;

/// <summary><c>tcpkata pkt FILE...</c>: runs packetdrill scripts. Exit 0 all pass, 1 any fails, 2 a script cannot be read.</summary>
internal static class PktCommand
{
    public static Command Create()
    {
        var files = new Argument<FileInfo[]>("FILE") { Arity = ArgumentArity.OneOrMore, Description = "packetdrill scripts (.pkt) to run" };
        var lenient = new Option<bool>("--lenient-options")
        {
            Description = "compare only the MSS in expected TCP options (tolerate sackOK, wscale, nop, TS, which TcpKata never sends); for scripts written for Linux",
        };
        var tolerance = new Option<long?>("--tolerance-usecs") { Description = "timing tolerance in microseconds (default: the script's --tolerance_usecs, else 4000)" };
        var verbose = new Option<bool>("--trace") { Description = "print each script's trace, also when it passes" };
        var profile = ProfileOption.Create();
        var command = new Command("pkt", "Run packetdrill scripts against your handlers (or the reference solutions with -p:Kata=Solutions).")
        {
            files, lenient, tolerance, verbose, profile,
        };
        command.SetAction(parsed =>
        {
            var options = new PktRunOptions
            {
                LenientOptions = parsed.GetValue(lenient),
                Tolerance = parsed.GetValue(tolerance) is { } us ? TimeSpan.FromTicks(us * 10) : null,
                Profile = parsed.GetValue(profile)!,
            };
            return Run(parsed.GetValue(files)!, options, parsed.GetValue(verbose), parsed.InvocationConfiguration.Output, parsed.InvocationConfiguration.Error);
        });
        return command;
    }

    internal static int Run(IEnumerable<FileInfo> files, PktRunOptions options, bool printTrace, TextWriter output, TextWriter error)
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
                var result = PktRunner.Run(PktParser.Parse(File.ReadAllText(file.FullName), name), Cli.Handlers(), options);
                foreach (var note in result.Notes) output.WriteLine(note);
                output.WriteLine($"PASS {name}");
                if (printTrace) output.Write(result.Simulation.Trace.Render());
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
        }
        output.WriteLine($"{passed} passed, {failed} failed" + (broken > 0 ? $", {broken} could not be read" : ""));
        return broken > 0 ? Cli.Usage : failed > 0 ? Cli.Failed : Cli.Ok;
    }
}
