using System.Collections.Concurrent;
using System.Diagnostics;

namespace TcpKata.Engine;

/// <summary>What a worker process runs: the dotnet host and its arguments, its environment, and the files it must read.</summary>
/// <param name="Dotnet">The dotnet host's path.</param>
/// <param name="Arguments">The host's arguments: the tool's assembly, its worker verb, the test assemblies.</param>
/// <param name="Environment">The variables the worker needs (its memory limit among them); a sandbox passes these and no others.</param>
/// <param name="Readable">Folders the worker reads: the tool's and the test assemblies'. A sandbox makes these, and the runtime, all it can see.</param>
/// <param name="WorkingFolder">An empty folder of its own, for a worker that runs outside a sandbox.</param>
/// <param name="Slot">Which of the pool's live workers this is (0, 1, ...): a sandbox may give each its own user.</param>
public sealed record WorkerCommand(string Dotnet, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<string> Readable, string WorkingFolder, int Slot)
{
    /// <summary>What every worker's runtime is given: its heap limit, the workstation GC, and no first-run chatter. Callers add their own.</summary>
    public static Dictionary<string, string> RuntimeEnvironment(int memoryMegabytes) => new()
    {
        ["DOTNET_GCHeapHardLimit"] = "0x" + ((long)memoryMegabytes * 1024 * 1024).ToString("X"),
        ["DOTNET_gcServer"] = "0",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
    };
}

/// <summary>Numbers for live worker processes (0, 1, ... from <paramref name="first"/>), each free again when its process is
/// gone: a sandbox may run each number as a user of its own.</summary>
internal sealed class SandboxSlots(int first)
{
    private readonly ConcurrentQueue<int> _free = [];
    private int _next = first;

    public int Take() => _free.TryDequeue(out var slot) ? slot : Interlocked.Increment(ref _next) - 1;

    public void Return(int slot) => _free.Enqueue(slot);
}

/// <summary>How a worker process is started: as it is (the student's own loop), or enclosed in an operating-system sandbox (the grader's).</summary>
public interface IWorkerSandbox
{
    /// <summary>What reports say of how the code ran, e.g. "bubblewrap 0.8.0: ..." or "none".</summary>
    string Description { get; }

    /// <summary>Whether code ran here is kept from the rest of the machine.</summary>
    bool Encloses { get; }

    /// <summary>How to start <paramref name="command"/> under this sandbox. Inherited file descriptors must reach the worker.</summary>
    ProcessStartInfo Enclose(WorkerCommand command, WorkerLimits limits);
}

/// <summary>No sandbox: the worker runs as the caller's user, in its own working folder. For a student's own code on their own machine.</summary>
public sealed class NoSandbox : IWorkerSandbox
{
    public static readonly NoSandbox Instance = new();

    public string Description => "none: the code ran as the grader's own user, with its access to files, processes and the network";

    public bool Encloses => false;

    public ProcessStartInfo Enclose(WorkerCommand command, WorkerLimits limits)
    {
        var start = new ProcessStartInfo(command.Dotnet) { WorkingDirectory = command.WorkingFolder };
        foreach (var argument in command.Arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in command.Environment) start.Environment[name] = value;
        return start;
    }
}

/// <summary>How the pool keeps submissions apart: the sandbox each worker starts in, and how many jobs one worker runs
/// before it is replaced (1: a process of its own for every submission).</summary>
public sealed record WorkerIsolation(IWorkerSandbox Sandbox, int JobsPerWorker)
{
    /// <summary>A student's own loop: warm workers reused, no sandbox.</summary>
    public static readonly WorkerIsolation Warm = new(NoSandbox.Instance, 25);
}
