using System.CommandLine;

namespace TcpKata.Cli;

internal static class Cli
{
    public const int Ok = 0, Failed = 1, Usage = 2;

    /// <summary>Parses and runs; a parse error is one line per problem on stderr and exit code 2.</summary>
    public static int Run(RootCommand root, string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        var config = new InvocationConfiguration { Output = output ?? Console.Out, Error = error ?? Console.Error };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var e in parsed.Errors) config.Error.WriteLine($"tcpkata: {e.Message}");
            config.Error.WriteLine("Run 'tcpkata --help' for usage.");
            return Usage;
        }
        return parsed.Invoke(config);
    }

    /// <summary>The handlers this build runs: exercises/ by default, solutions/ with -p:Kata=Solutions.</summary>
    public static TcpHandlers Handlers() => TcpHandlers.FromAssembly(typeof(global::TcpKata.Exercises.ClientHandshake).Assembly);

    /// <summary>The repository's root, or null after telling the user (on <paramref name="error"/>) why there is none.</summary>
    public static DirectoryInfo? RepositoryRootOrComplain(TextWriter error)
    {
        if (RepositoryRoot() is { } root) return root;
        error.WriteLine("tcpkata: run this inside the TcpKata repository (no TcpKata.sln found above the current directory)");
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
