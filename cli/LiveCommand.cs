using System.CommandLine;
using TcpKata.Kernel;
using TcpKata.Tracing;

namespace TcpKata.Cli;

/// <summary>
/// <c>tcpkata live</c>: your handlers (or the reference with -p:Kata=Solutions) talk to this machine's Linux TCP for
/// real, through a TUN device: the kit's client to a Linux server, then a Linux client to the kit's server. Prints the
/// trace and the ladder of each, writes a pcap of each. Real time and root, like <c>pkt --kernel</c>; never deterministic.
/// Exit 0 when every exchange completed, 1 when one did not, 2 when the kernel cannot be reached.
/// </summary>
internal static class LiveCommand
{
    public static Command Create()
    {
        var direction = new Option<string>("--direction")
        {
            Description = "who connects: kit (the kit's client to a Linux server), linux (a Linux client to the kit's server), or both",
            DefaultValueFactory = _ => "both",
        };
        direction.AcceptOnlyFromAmong("kit", "linux", "both");
        var pcap = new Option<FileInfo>("--pcap")
        {
            Description = "where to write the segments for Wireshark or tshark (one file per direction: NAME-kit-connects.pcap, NAME-linux-connects.pcap)",
            DefaultValueFactory = _ => new FileInfo("tcpkata-live.pcap"),
        };
        var seconds = new Option<int>("--seconds") { Description = "how long an exchange may take before it counts as not finished", DefaultValueFactory = _ => 20 };
        var profile = ProfileOption.Create();
        var command = new Command("live", "Your TCP handlers and this machine's Linux TCP talk for real through a TUN device (Linux, root).")
        {
            direction, pcap, seconds, profile,
        };
        command.SetAction(parsed =>
        {
            var (output, error) = (parsed.InvocationConfiguration.Output, parsed.InvocationConfiguration.Error);
            if (PrivateNetwork.Unavailable() is { } why)
            {
                error.WriteLine($"tcpkata live: {why}. On macOS or Windows, run it in a Linux container (README.md, \"Ask Linux\").");
                return Cli.Usage;
            }
            var directions = parsed.GetValue(direction) switch
            {
                "kit" => [LiveDirection.KitConnects],
                "linux" => [LiveDirection.LinuxConnects],
                _ => new[] { LiveDirection.KitConnects, LiveDirection.LinuxConnects },
            };
            var completed = true;
            foreach (var d in directions)
                completed &= Exchange(d, parsed.GetValue(profile)!, TimeSpan.FromSeconds(parsed.GetValue(seconds)), parsed.GetValue(pcap)!, output);
            return completed ? Cli.Ok : Cli.Failed;
        });
        return command;
    }

    private static bool Exchange(LiveDirection direction, TcpProfile profile, TimeSpan limit, FileInfo pcap, TextWriter output)
    {
        var (opener, what) = direction == LiveDirection.KitConnects
            ? ("kit-connects", "the kit's client connects to a Linux server, sends \"hello\", reads the echo, closes")
            : ("linux-connects", "a Linux client connects to the kit's server, sends \"hello\", reads the echo, closes");
        output.WriteLine($"== live: {what}");
        output.WriteLine($"   kit   = your TCP: the kit's host at {PrivateNetwork.RemoteAddress}, running the handlers this tcpkata was built with (exercises/, or solutions/ with -p:Kata=Solutions), profile {profile.Name}");
        output.WriteLine($"   linux = the kernel: {PrivateNetwork.KernelVersion}'s own TCP at {PrivateNetwork.LocalAddress}, in a private network namespace");
        output.WriteLine("   real time: times are seconds of the wall clock, and no two runs are alike");
        var result = LiveExchange.Run(Cli.Handlers(), direction, profile.Limits, limit);
        output.Write(result.Trace.Render());
        output.Write(LadderRenderer.Render(result.Trace, "kit", "linux"));
        var file = Path.Combine(pcap.DirectoryName ?? ".", $"{Path.GetFileNameWithoutExtension(pcap.Name)}-{opener}{pcap.Extension}");
        File.WriteAllBytes(file, PcapWriter.Write(result.Trace));
        output.WriteLine($"{(result.Completed ? "DONE" : "NOT DONE")}: {result.Outcome}; pcap: {file}");
        return result.Completed;
    }
}
