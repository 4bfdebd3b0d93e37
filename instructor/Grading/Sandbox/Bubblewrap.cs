using System.Diagnostics;
using TcpKata.Engine;

namespace TcpKata.Instructor.Grading.Sandbox;

/// <summary>
/// The grader's OS sandbox: each worker runs under Debian's bubblewrap (<c>bwrap</c>) as an unprivileged user of its
/// own (uid <see cref="FirstUser"/> + its slot, set by util-linux's <c>setpriv</c>), with no network, its own PID, IPC
/// and UTS namespaces (nothing it starts outlives it), a small private /tmp, and read-only views of only the runtime,
/// the system's libraries, the grader's worker and the compiled tests: no /etc, no home, no other submission, no
/// output folder, no sources. util-linux's <c>prlimit</c> bounds its address space (managed and native memory), CPU
/// time, processes and file sizes. Nothing here is home-made: the kernel's namespaces and limits, set by packaged tools.
/// </summary>
internal sealed class Bubblewrap : IWorkerSandbox
{
    /// <summary>Slot k's worker runs as uid and gid FirstUser + k: one user per live worker, so that one submission's
    /// processes never count against another's limit.</summary>
    public const int FirstUser = 61000;

    /// <summary>The private /tmp's size.</summary>
    public const int TmpMegabytes = 64;

    // Address space beyond the GC's heap limit: the runtime's own reservations, code, stacks and mapped files.
    private const int AddressSpaceOverheadMegabytes = 3072;

    private const int MaxProcesses = 256; // threads count too: a worker uses about 20

    private readonly string _bwrap, _setpriv, _prlimit, _version;
    private readonly IReadOnlyList<string> _readable;

    private Bubblewrap(string bwrap, string setpriv, string prlimit, string version, IReadOnlyList<string> readable) =>
        (_bwrap, _setpriv, _prlimit, _version, _readable) = (bwrap, setpriv, prlimit, version, readable);

    public string Description =>
        $"bubblewrap {_version}: a process per submission as an unprivileged user, no network, its own PID namespace, a private {TmpMegabytes} MB /tmp, " +
        "read-only views of the runtime, the grader's worker and the compiled tests only; memory, CPU time, processes and file sizes bounded";

    public bool Encloses => true;

    /// <summary>The sandbox, once it has run a command here; null with the reason when it cannot (not installed, not
    /// root, namespaces forbidden as in many containers). Its workers see <paramref name="readable"/> (read-only) besides
    /// what each worker names.</summary>
    public static Bubblewrap? TryCreate(IReadOnlyList<string> readable, out string why)
    {
        var tools = new[] { "bwrap", "setpriv", "prlimit" }.Select(Find).ToArray();
        if (tools.Any(t => t is null))
        {
            why = "bwrap, setpriv and prlimit are needed (Debian: apt-get install bubblewrap util-linux); not found: "
                  + string.Join(", ", new[] { "bwrap", "setpriv", "prlimit" }.Where((_, i) => tools[i] is null));
            return null;
        }
        if (!Environment.IsPrivilegedProcess)
        {
            why = "the grader must run as root to start each sandbox as a user of its own";
            return null;
        }
        var version = Run(tools[0]!, ["--version"]).Output.Replace("bubblewrap", "").Trim();
        var sandbox = new Bubblewrap(tools[0]!, tools[1]!, tools[2]!, version, readable);
        // A folder the sandbox's user cannot reach fails here, with a reason, rather than in every worker.
        var start = sandbox.Enclose(new WorkerCommand("/bin/sh", ["-c", "for f in \"$@\"; do test -r \"$f\" || { echo \"cannot read $f\"; exit 1; }; done", "sh", .. readable],
            new Dictionary<string, string>(), readable, "/", 0), new WorkerLimits(10, 256, 64, 10));
        var probe = Run(start.FileName, start.ArgumentList);
        why = probe.ExitCode == 0 ? "" : $"bubblewrap cannot make a sandbox here (exit code {probe.ExitCode}): {probe.Output.Trim()}";
        return probe.ExitCode == 0 ? sandbox : null;
    }

    public ProcessStartInfo Enclose(WorkerCommand command, WorkerLimits limits)
    {
        var user = (FirstUser + command.Slot).ToString();
        var arguments = new List<string>
        {
            "--reuid", user, "--regid", user, "--clear-groups", "--",
            _prlimit, $"--as={((long)limits.MemoryMegabytes + AddressSpaceOverheadMegabytes) * 1024 * 1024}",
            $"--cpu={2 * limits.TimeoutSeconds + 30}", $"--nproc={MaxProcesses}", $"--fsize={TmpMegabytes * 1024 * 1024}", "--core=0", "--",
            _bwrap, "--unshare-all", "--die-with-parent", "--new-session", "--clearenv",
            "--setenv", "PATH", "/usr/bin:/bin", "--setenv", "HOME", "/tmp", "--setenv", "TMPDIR", "/tmp",
        };
        foreach (var (name, value) in command.Environment) arguments.AddRange(["--setenv", name, value]);
        arguments.AddRange(["--ro-bind", "/usr", "/usr"]);
        foreach (var top in (string[])["/lib", "/lib64", "/bin", "/sbin"])
        {
            var link = new FileInfo(top).LinkTarget;
            if (link is not null) arguments.AddRange(["--symlink", link, top]);
            else if (Directory.Exists(top)) arguments.AddRange(["--ro-bind", top, top]);
        }
        // The private /tmp first: what the worker reads may be in the machine's /tmp, and is bound over it.
        arguments.AddRange(["--proc", "/proc", "--dev", "/dev", "--size", (TmpMegabytes * 1024 * 1024).ToString(), "--tmpfs", "/tmp"]);
        // The runtime, when it is not under /usr (a dotnet-install.sh install), and what the worker reads.
        var runtime = Path.GetDirectoryName(command.Dotnet)!;
        foreach (var folder in new[] { runtime }.Concat(_readable).Concat(command.Readable).Distinct().Where(f => !SystemFolders.Contains(f.Split('/')[1])))
            arguments.AddRange(["--ro-bind", folder, folder]);
        arguments.AddRange(["--chdir", "/tmp", "--", command.Dotnet, .. command.Arguments]);
        var start = new ProcessStartInfo(_setpriv) { WorkingDirectory = "/" };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        return start;
    }

    // Shown whole above: a folder in one of these needs no bind of its own.
    private static readonly string[] SystemFolders = ["usr", "lib", "lib64", "bin", "sbin"];

    private static string? Find(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':').Select(dir => Path.Combine(dir, tool)).FirstOrDefault(File.Exists);

    private static (int ExitCode, string Output) Run(string file, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result + errors);
    }
}
