using System.CommandLine;

namespace TcpKata.Cli;

/// <summary><c>tcpkata accept</c>: the explicit act that turns received snapshots into verified ones.</summary>
internal static class AcceptCommand
{
    public static Command Create()
    {
        var list = new Option<bool>("--list") { Description = "only list the received snapshots waiting to be accepted" };
        var command = new Command("accept", "Accept snapshot changes: move every tests/**/*.received.txt over its .verified.txt. Read the diffs first.") { list };
        command.SetAction(parsed =>
        {
            var output = parsed.InvocationConfiguration.Output;
            var error = parsed.InvocationConfiguration.Error;
            if (Cli.RepositoryRootOrComplain(error) is not { } root) return Cli.Usage;
            if (Environment.GetEnvironmentVariable("CI") is { Length: > 0 } ci && ci != "false")
            {
                error.WriteLine("tcpkata: refusing to accept snapshots on CI; accept locally and commit the .verified.txt files");
                return Cli.Failed;
            }
            var received = Directory.EnumerateFiles(Path.Combine(root.FullName, "tests"), "*.received.txt", SearchOption.AllDirectories)
                .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal).ToList();
            foreach (var file in received)
            {
                var verified = file[..^".received.txt".Length] + ".verified.txt";
                output.WriteLine($"{(parsed.GetValue(list) ? "pending" : "accepted")} {Path.GetRelativePath(root.FullName, verified)}");
                if (!parsed.GetValue(list)) File.Move(file, verified, overwrite: true);
            }
            if (received.Count == 0) output.WriteLine("no received snapshots: nothing to accept");
            return Cli.Ok;
        });
        return command;
    }
}
