using System.CommandLine;

namespace TcpKata.Engine;

/// <summary>What TcpKata's command-line tools (the student's <c>tcpkata</c>, the instructor's own) share:
/// exit codes, parse errors, and finding the repository they work on.</summary>
public static class ToolCommandLine
{
    /// <summary>Exit codes: success; a script, check or test failed; bad arguments or a malformed input.</summary>
    public const int Ok = 0, Failed = 1, Usage = 2;

    /// <summary>Parses and runs; a parse error is one line per problem on stderr and exit code 2.</summary>
    public static int Run(RootCommand root, string tool, string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        var config = new InvocationConfiguration { Output = output ?? Console.Out, Error = error ?? Console.Error };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var e in parsed.Errors) config.Error.WriteLine($"{tool}: {e.Message}");
            config.Error.WriteLine($"Run '{tool} --help' for usage.");
            return Usage;
        }
        return parsed.Invoke(config);
    }

    /// <summary>The repository's root, or null after telling the user (on <paramref name="error"/>) why there is none.</summary>
    public static DirectoryInfo? RepositoryRootOrComplain(TextWriter error, string tool)
    {
        if (RepositoryRoot() is { } root) return root;
        error.WriteLine($"{tool}: run this inside the TcpKata repository (no TcpKata.sln found above the current directory)");
        return null;
    }

    /// <summary>The folder holding TcpKata.sln, found upwards from the current directory.</summary>
    public static DirectoryInfo? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TcpKata.sln"))) return dir;
        return null;
    }
}
