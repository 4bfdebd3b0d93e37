using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Pipes;
using System.Text;

namespace TcpKata.Engine;

/// <summary>Bounds for one job's run: memory (the GC's hard heap limit), time per test and for all, output per test.</summary>
public sealed record WorkerLimits(int TimeoutSeconds, int MemoryMegabytes, int OutputKilobytes, int TestTimeoutSeconds);

/// <summary>The tool whose hidden verb runs <see cref="TestWorker"/>: <c>dotnet Assembly Verb</c>.</summary>
public sealed record WorkerHost(string Assembly, string Verb);

/// <summary>
/// Runs compiled exercises' tests in worker processes (<see cref="TestWorker"/>), each under the caller's limits (a
/// memory cap, a time limit per test and per submission, an output limit) and the caller's <see cref="WorkerIsolation"/>:
/// the grader starts every submission in a fresh process inside an OS sandbox, a student's loop reuses warm ones. The
/// next worker is started while one runs, so its start-up is not waited for. A test that hangs or ends the process (a
/// stack overflow, running out of memory) fails with the reason; the worker is replaced and the submission's remaining
/// tests run on. Verdicts come on a pipe of their own (not the worker's output), and only what matches the pool's own
/// list of tests is believed.
/// </summary>
public sealed class WorkerPool : IAsyncDisposable
{
    private readonly IReadOnlyList<string> _testAssemblies;
    private readonly WorkerLimits _limits;
    private readonly WorkerHost _host;
    private readonly IReadOnlyList<Exercise> _exercises;
    private readonly ConcurrentBag<Worker> _idle = [];
    private readonly SemaphoreSlim _slots;
    private readonly string _workFolder;
    private readonly WorkerIsolation _isolation;
    private readonly int _workers;
    private readonly SandboxSlots _sandboxSlots = new(0);
    private IReadOnlyList<(string Test, bool Hidden)> _tests = [];
    private HashSet<string> _listed = [];
    private readonly string _explorerFolder;

    /// <param name="host">the tool whose hidden verb runs the workers</param>
    /// <param name="exercises">the exercises (which tests are whose)</param>
    /// <param name="testAssemblies">the compiled test assemblies</param>
    /// <param name="limits">memory, time and output limits</param>
    /// <param name="workers">how many run at a time</param>
    /// <param name="workFolder">where each worker gets an empty folder of its own</param>
    /// <param name="isolation">the sandbox, and how many jobs a worker runs before it is replaced</param>
    /// <param name="explorerFolder">where failing tests write their trace explorer pages (a student's state folder); by default
    /// a folder in the worker's own working folder (inside a sandbox, its private /tmp), from which each page's data comes back
    /// with the test's result (<see cref="TestOutcome.Explorer"/>)</param>
    public WorkerPool(WorkerHost host, IReadOnlyList<Exercise> exercises, IReadOnlyList<string> testAssemblies, WorkerLimits limits, int workers, string workFolder,
        WorkerIsolation? isolation = null, string? explorerFolder = null)
    {
        _explorerFolder = explorerFolder ?? "explorer";
        _host = host;
        _exercises = exercises;
        _testAssemblies = testAssemblies;
        _limits = limits;
        _slots = new SemaphoreSlim(workers);
        _workers = workers;
        _workFolder = workFolder;
        _isolation = isolation ?? WorkerIsolation.Warm;
    }

    /// <summary>Every test the assemblies hold, and whether it is hidden: what each submission is scored against.</summary>
    public async Task<IReadOnlyList<(string Test, bool Hidden)>> ListTestsAsync(byte[] stubs, CancellationToken cancellation = default)
    {
        await using var worker = StartWorker(list: true);
        if (!worker.TrySend(new WorkerJob("(stubs)", stubs, [], 0))) throw new InvalidOperationException("the test worker did not start: " + worker.ErrorTail());
        var tests = new List<(string, bool)>();
        while (await worker.ReadAsync(TimeSpan.FromMinutes(2), cancellation) is { } e && e.Kind != WorkerEvent.Done)
            tests.Add((e.Test!, e.Passed)); // in a listing, Passed carries "hidden"
        if (tests.Count == 0) throw new InvalidOperationException("the test worker found no tests: " + worker.ErrorTail());
        _listed = tests.Select(t => t.Item1).ToHashSet();
        return _tests = tests;
    }

    /// <summary>Takes a listing <see cref="ListTestsAsync"/> made earlier for the same test assemblies (a student's loop keeps
    /// it beside them), so that no worker is started to list them again.</summary>
    public void UseListing(IReadOnlyList<(string Test, bool Hidden)> tests)
    {
        _tests = tests;
        _listed = tests.Select(t => t.Test).ToHashSet();
    }

    /// <summary>Runs every test against one compiled submission.</summary>
    public Task<IReadOnlyList<TestOutcome>> RunAsync(string student, byte[] exercises, CancellationToken cancellation = default) =>
        RunAsync(student, exercises, only: null, cancellation);

    /// <summary>Runs the listed tests <paramref name="only"/> selects (all when null) against one compiled submission; the
    /// outcomes cover exactly those.</summary>
    public async Task<IReadOnlyList<TestOutcome>> RunAsync(string student, byte[] exercises, Func<string, bool>? only, CancellationToken cancellation = default)
    {
        var expected = only is null ? _listed : _listed.Where(only).ToHashSet();
        var subset = only is null ? null : expected.Order(StringComparer.Ordinal).ToList();
        if (expected.Count == 0) return [];
        await _slots.WaitAsync(cancellation);
        var outcomes = new List<TestOutcome>();
        var deadline = Stopwatch.StartNew();
        try
        {
            // Each pass runs what is not settled yet; a pass that ends in a hang or a crash settles the test it was on.
            for (var restarts = 0; ; restarts++)
            {
                var job = new WorkerJob(student, exercises, outcomes.Select(o => o.FullName).ToList(), _limits.OutputKilobytes * 1024, subset);
                var worker = _idle.TryTake(out var warm) ? warm : StartWorker();
                if (!worker.TrySend(job))
                {
                    // A worker that died while it waited: take a fresh one.
                    await worker.DisposeAsync();
                    worker = StartWorker();
                    if (!worker.TrySend(job)) throw new InvalidOperationException("a new test worker does not take jobs: " + worker.ErrorTail());
                }
                // When this worker will not be reused, the next submission's starts up while it runs.
                if (worker.Jobs >= _isolation.JobsPerWorker && _idle.Count < _workers) _idle.Add(StartWorker());
                string? running = null;
                var started = new HashSet<string>();
                var ended = false;
                while (!ended)
                {
                    var left = TimeSpan.FromSeconds(_limits.TimeoutSeconds) - deadline.Elapsed;
                    var wait = TimeSpan.FromSeconds(_limits.TestTimeoutSeconds) < left ? TimeSpan.FromSeconds(_limits.TestTimeoutSeconds) : left;
                    WorkerEvent? e;
                    try
                    {
                        e = wait > TimeSpan.Zero ? await worker.ReadAsync(wait, cancellation) : throw new TimeoutException();
                    }
                    catch (TimeoutException)
                    {
                        await worker.KillAsync();
                        var why = left <= wait
                            ? $"the submission's tests ran out of time ({_limits.TimeoutSeconds} s for all of them)"
                            : $"timed out after {_limits.TestTimeoutSeconds} s: a loop that never ends, or a wait for something that never comes (the virtual clock makes a correct test take milliseconds)";
                        if (running is not null) Settle(outcomes, running, why, expected);
                        if (left <= wait) return Complete(outcomes, expected, why);
                        break;
                    }
                    // The worker's output shares a process with the code under test, so it is checked against the pool's own
                    // list: each listed test starts once, its one result follows its own start, nothing else is believed.
                    if (Tampered(e, running, started, outcomes) is { } tampering)
                    {
                        await worker.KillAsync();
                        var culprit = running ?? (e?.Test is { } t && IsListed(t) ? t : null);
                        var why = $"the test process's report was not to be trusted ({tampering}): code under test writing to the worker's output?";
                        if (culprit is not null) Settle(outcomes, culprit, why, expected);
                        if (culprit is null || restarts >= MaxRestarts) return Complete(outcomes, expected, "not run: " + why);
                        ended = true;
                        continue;
                    }
                    switch (e?.Kind)
                    {
                        case WorkerEvent.Started:
                            // The test before it reported nothing: its run broke the framework (out of memory, say).
                            if (running is not null) outcomes.Add(new TestOutcome(running, false, NoResult, ""));
                            running = e.Test;
                            started.Add(e.Test!);
                            break;
                        case WorkerEvent.Result:
                            outcomes.Add(new TestOutcome(e.Test!, e.Passed, Cut(e.Message ?? ""), Cut(e.Output ?? ""),
                                Explorer: e.Explorer is { Length: <= TestWorker.ExplorerLimitBytes } page ? page : null));
                            running = null;
                            break;
                        case WorkerEvent.Done:
                            // Warm workers are reused, and replaced now and then: whatever a submission's code leaves
                            // behind in a process (static caches, leaked threads) does not pile up. A worker whose job ended
                            // with tests unreported may still be running something: it is not reused.
                            if (worker.Jobs < _isolation.JobsPerWorker && expected.IsSubsetOf(outcomes.Select(o => o.FullName))) _idle.Add(worker);
                            else await worker.KillAsync();
                            return Complete(outcomes, expected);
                        default: // the process ended under the test
                            var reason = await worker.ExitReasonAsync(_limits);
                            await worker.DisposeAsync();
                            if (running is not null) Settle(outcomes, running, reason, expected);
                            if (running is null || restarts >= MaxRestarts)
                            {
                                return Complete(outcomes, expected, $"not run: the test process kept ending ({reason})");
                            }
                            ended = true;
                            break;
                    }
                }
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>The dotnet host this process runs on, found from the runtime's own folder (dotnet/shared/Microsoft.NETCore.App/VERSION/).</summary>
    public static string Dotnet => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", "..", "dotnet"));

    private Worker StartWorker(bool list = false)
    {
        // Each live worker has a slot of its own (a sandbox may run each slot as its own user); a slot is free again when its worker is gone.
        var slot = _sandboxSlots.Take();
        return Worker.Start(_host, _testAssemblies, _limits, _workFolder, _isolation.Sandbox, slot, () => _sandboxSlots.Return(slot), _explorerFolder, list);
    }

    private bool IsListed(string test) => _listed.Contains(test);

    // Why an event cannot have come from the worker as it is written, or null when it can.
    private string? Tampered(WorkerEvent? e, string? running, HashSet<string> started, List<TestOutcome> outcomes) => e?.Kind switch
    {
        null or WorkerEvent.Done => null,
        WorkerEvent.Malformed => e.Message,
        WorkerEvent.Started when e.Test is null || !IsListed(e.Test) => $"a start of a test that does not exist: {Quote(e.Test)}",
        WorkerEvent.Started when started.Contains(e.Test) || outcomes.Any(o => o.FullName == e.Test) => $"{e.Test} started twice",
        WorkerEvent.Result when e.Test is null || !IsListed(e.Test) => $"a result for a test that does not exist: {Quote(e.Test)}",
        WorkerEvent.Result when e.Test != running => $"a result for {e.Test}, which was not the test running",
        WorkerEvent.Started or WorkerEvent.Result => null,
        _ => $"an event of an unknown kind: {Quote(e.Kind)}",
    };

    private static string Quote(string? text) => text is null ? "(none)" : "\"" + (text.Length > 100 ? text[..100] + "…" : text) + "\"";

    // What a result may carry into reports, whatever its output limit said.
    private string Cut(string text) => text.Length > _limits.OutputKilobytes * 1024 ? text[..(_limits.OutputKilobytes * 1024)] + " [cut]" : text;

    private const string NoResult = "no result reported: the test's run broke the test framework (out of memory?)";

    // Every listed test gets an outcome, and hidden tests are marked so: a test that reported nothing (its run
    // broke the framework, or the submission ran out of time first) fails with the reason rather than vanishing.
    private List<TestOutcome> Complete(List<TestOutcome> outcomes, HashSet<string> expected, string reason = NoResult)
    {
        var hidden = _tests.Where(t => t.Hidden).Select(t => t.Test).ToHashSet();
        var done = outcomes.Select(o => o.FullName).ToHashSet();
        return [.. outcomes.Select(o => o with { Hidden = hidden.Contains(o.FullName) }),
            .. _tests.Where(t => expected.Contains(t.Test) && !done.Contains(t.Test)).Select(t => new TestOutcome(t.Test, false, reason, "", t.Hidden))];
    }

    /// <summary>Hangs and crashes one submission may cause before the rest of its tests are given up.</summary>
    public const int MaxRestarts = 10;

    // The test that hung or crashed fails with the reason, and so, without running, do the rest of its exercise's
    // tests: they run the same handlers, and each would cost another timeout or another process.
    private void Settle(List<TestOutcome> outcomes, string culprit, string reason, HashSet<string> expected)
    {
        // A result it already has (one the code under test wrote itself, say) gives way to the reason.
        outcomes.RemoveAll(o => o.FullName == culprit);
        outcomes.Add(new TestOutcome(culprit, false, reason, ""));
        var exercise = _exercises.ExerciseOf(culprit);
        foreach (var (test, hidden) in _tests)
            if (exercise is not null && exercise.Owns(test) && expected.Contains(test) && outcomes.All(o => o.FullName != test))
                outcomes.Add(new TestOutcome(test, false, $"not run: {culprit} in the same exercise {Short(reason)}", "", hidden));
    }

    private static string Short(string reason) => reason.StartsWith("timed out", StringComparison.Ordinal) ? "timed out" : "ended the test process";

    public async ValueTask DisposeAsync()
    {
        while (_idle.TryTake(out var worker)) await worker.DisposeAsync();
    }

    // Longer than any event the worker writes (its output is cut at the output limit first).
    private const int MaxEventLength = 4 * 1024 * 1024;

    private sealed class Worker : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly StreamReader _events;
        private readonly StringBuilder _errors = new();
        private readonly string _folder;
        private readonly Action _released;

        private Worker(Process process, StreamReader events, string folder, Action released)
        {
            _process = process;
            _events = events;
            _folder = folder;
            _released = released;
            // The runtime reports a stack overflow or a crash on stderr: keep the end of it for the reason.
            process.ErrorDataReceived += (_, line) =>
            {
                lock (_errors)
                {
                    if (line.Data is null) return;
                    _errors.AppendLine(line.Data);
                    if (_errors.Length > 8192) _errors.Remove(0, _errors.Length - 8192);
                }
            };
            process.BeginErrorReadLine();
            // Nothing the worker prints is read as a verdict; it is read only so that printing never blocks.
            process.OutputDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
        }

        // Only one inheritable pipe end exists at a time, so a worker inherits its own verdict pipe and no other's.
        private static readonly Lock Starting = new();

        public static Worker Start(WorkerHost host, IReadOnlyList<string> testAssemblies, WorkerLimits limits, string workFolder,
            IWorkerSandbox sandbox, int slot, Action released, string explorerFolder, bool list = false)
        {
            // An empty folder of its own as the current directory: nothing of anyone's to find there.
            var folder = Directory.CreateDirectory(Path.Combine(workFolder, "worker-" + Guid.NewGuid().ToString("N")[..8])).FullName;
            lock (Starting)
            {
                var verdicts = new AnonymousPipeServerStream(PipeDirection.In, HandleInheritability.Inheritable);
                var command = new WorkerCommand(Dotnet, [host.Assembly, host.Verb, TestWorker.EventsOption, verdicts.GetClientHandleAsString(),
                        .. list ? ["--list"] : Array.Empty<string>(), .. testAssemblies],
                    new Dictionary<string, string>(WorkerCommand.RuntimeEnvironment(limits.MemoryMegabytes))
                    {
                        ["DOTNET_TieredPGO"] = "0",
                        ["DiffEngine_Disabled"] = "true",
                        ["CI"] = "true", // the snapshot helper never accepts, and never opens a diff tool
                        [TestWorker.ExplorerVariable] = explorerFolder,
                    },
                    [Path.GetDirectoryName(host.Assembly)!, .. testAssemblies.Select(a => Path.GetDirectoryName(a)!).Distinct()], folder, slot);
                var start = sandbox.Enclose(command, limits);
                start.RedirectStandardInput = start.RedirectStandardOutput = start.RedirectStandardError = true;
                start.UseShellExecute = false;
                var process = Process.Start(start) ?? throw new InvalidOperationException("could not start a test worker");
                verdicts.DisposeLocalCopyOfClientHandle();
                return new Worker(process, new StreamReader(verdicts, Encoding.UTF8), folder, released);
            }
        }


        /// <summary>Jobs sent to this worker so far.</summary>
        public int Jobs { get; private set; }

        /// <summary>Sends a job; false when the process is gone.</summary>
        public bool TrySend(WorkerJob job)
        {
            try
            {
                _process.StandardInput.WriteLine(WorkerProtocol.Write(job));
                _process.StandardInput.Flush();
                Jobs++;
                return true;
            }
            catch (IOException)
            {
                return false;
            }
        }

        /// <summary>The next event, null when the process has ended; a TimeoutException after <paramref name="wait"/>.</summary>
        public async Task<WorkerEvent?> ReadAsync(TimeSpan wait, CancellationToken cancellation)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            timeout.CancelAfter(wait);
            try
            {
                var line = await _events.ReadLineAsync(timeout.Token);
                if (line is null) return null;
                if (line.Length > MaxEventLength) return new WorkerEvent(WorkerEvent.Malformed, Message: $"a line of {line.Length} characters");
                try
                {
                    return WorkerProtocol.Read<WorkerEvent>(line);
                }
                catch (Exception x) when (x is System.Text.Json.JsonException or InvalidDataException or NotSupportedException)
                {
                    return new WorkerEvent(WorkerEvent.Malformed, Message: "a line that is not an event: " + Quote(line));
                }
            }
            catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
            {
                throw new TimeoutException();
            }
        }

        public async Task<string> ExitReasonAsync(WorkerLimits limits)
        {
            if (!_process.WaitForExit(5000)) return "the test process stopped answering";
            await _process.WaitForExitAsync();
            var errors = ErrorTail();
            var what = errors.Contains("Stack overflow", StringComparison.OrdinalIgnoreCase) ? "a stack overflow (a recursion that never ends?)"
                : errors.Contains("OutOfMemory", StringComparison.OrdinalIgnoreCase) || errors.Contains("Out of memory", StringComparison.OrdinalIgnoreCase)
                    ? $"running out of memory (the limit is {limits.MemoryMegabytes} MB)"
                : "the code under test ending the process (Environment.Exit, or a crash)";
            var detail = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
            return $"the test process exited with code {_process.ExitCode} while running this test: {what}" + (detail.Length > 0 ? $" [{detail}]" : "");
        }

        public string ErrorTail()
        {
            lock (_errors) return _errors.ToString();
        }

        /// <summary>Ends a worker that is stuck in a test.</summary>
        public async Task KillAsync()
        {
            try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            await DisposeAsync();
        }

        private bool _disposed;

        public async ValueTask DisposeAsync()
        {
            if (_disposed) return;
            _disposed = true;
            try
            {
                if (!_process.HasExited)
                {
                    _process.StandardInput.Close();
                    if (!_process.WaitForExit(2000)) _process.Kill(entireProcessTree: true);
                }
                await _process.WaitForExitAsync();
            }
            catch (InvalidOperationException)
            {
            }
            _process.Dispose();
            _events.Dispose();
            _released();
            try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
        }
    }
}
