using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace TcpKata.Engine;

/// <summary>
/// Compiles in warm processes of their own (<see cref="CompileServer"/>, a hidden verb of the host tool, started under the
/// caller's sandbox): a compile that outlasts the time limit, or runs out of memory, is killed there and the file tried
/// alone, never waited for here. A few hundred bytes of nested generics can keep Roslyn busy for hours without once
/// checking for cancellation; in a process of its own that costs the time limit and that file's exercise only.
/// </summary>
public sealed class CompilerProcesses : IDisposable
{
    private readonly WorkerHost _host;
    private readonly IReadOnlyList<string> _arguments;
    private readonly IReadOnlyList<string> _readable;
    private readonly IWorkerSandbox _sandbox;
    private readonly WorkerLimits _limits;
    private readonly ConcurrentBag<Server> _idle = [];
    private readonly SandboxSlots _slots = new(FirstSlot);

    /// <summary>Sandbox slots of compilers start here, apart from the test workers'.</summary>
    public const int FirstSlot = 1000;

    /// <param name="host">The tool and its compile verb.</param>
    /// <param name="arguments">The verb's arguments (where the repository is).</param>
    /// <param name="readable">Folders the compiler reads besides the tool's own (the exercises' stubs).</param>
    /// <param name="sandbox">Where it runs.</param>
    /// <param name="memoryMegabytes">Its heap limit.</param>
    public CompilerProcesses(WorkerHost host, IReadOnlyList<string> arguments, IReadOnlyList<string> readable, IWorkerSandbox sandbox, int memoryMegabytes)
    {
        _host = host;
        _arguments = arguments;
        _readable = readable;
        _sandbox = sandbox;
        // A compiler lives for the class: its CPU time limit is a day's, its wall time the caller's per compile.
        _limits = new WorkerLimits(TimeoutSeconds: 86_400, MemoryMegabytes: memoryMegabytes, OutputKilobytes: 0, TestTimeoutSeconds: 0);
    }

    /// <summary>Starts <paramref name="count"/> compiler processes, so that their start-up overlaps the caller's own.</summary>
    public async Task WarmAsync(int count)
    {
        foreach (var server in await Task.WhenAll(Enumerable.Range(0, count).Select(_ => Task.Run(StartAsync)))) _idle.Add(server);
    }

    /// <summary>Compiles <paramref name="files"/> within <paramref name="timeLimit"/> (see <see cref="ExerciseCompiler.WithinTimeLimitAsync"/>).</summary>
    public async Task<CompiledExercises> CompileAsync(IReadOnlyDictionary<string, string> files, TimeSpan timeLimit, CancellationToken cancellation = default)
    {
        Server? server = _idle.TryTake(out var warm) ? warm : await StartAsync();
        try
        {
            return await ExerciseCompiler.WithinTimeLimitAsync(files, timeLimit, async (some, refused) =>
            {
                server ??= await StartAsync();
                if (await server.AskAsync(WorkerProtocol.Write(new CompileJob(some, refused)), timeLimit, cancellation) is { } reply) return reply;
                // Over the limit, or out of memory: that process is killed, and the next attempt gets a fresh one.
                server.Dispose();
                server = null;
                return null;
            });
        }
        finally
        {
            if (server is not null) _idle.Add(server);
        }
    }

    private async Task<Server> StartAsync()
    {
        var slot = _slots.Take();
        var start = _sandbox.Enclose(new WorkerCommand(WorkerPool.Dotnet, [_host.Assembly, _host.Verb, .. _arguments],
            new Dictionary<string, string>(WorkerCommand.RuntimeEnvironment(_limits.MemoryMegabytes))
            {
                // Roslyn fully compiled at start-up (about 10 s, hidden behind the grader's own start): a compile then
                // takes a tenth of a second, not the second it takes while tiered compilation is still warming up.
                ["DOTNET_TieredCompilation"] = "0",
            },
            [Path.GetDirectoryName(_host.Assembly)!, .. _readable], Path.GetTempPath(), slot), _limits);
        start.RedirectStandardInput = start.RedirectStandardOutput = start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.StandardOutputEncoding = Encoding.UTF8;
        var server = new Server(Process.Start(start) ?? throw new InvalidOperationException("could not start a compiler process"), () => _slots.Return(slot));
        if (!await server.WaitUntilReadyAsync(TimeSpan.FromMinutes(2)))
            throw new InvalidOperationException("the compiler process did not start: " + server.ErrorTail());
        return server;
    }

    public void Dispose()
    {
        while (_idle.TryTake(out var server)) server.Dispose();
    }

    private sealed class Server(Process process, Action released) : IDisposable
    {
        private readonly StringBuilder _errors = Collect(process);
        private bool _disposed;

        private static StringBuilder Collect(Process process)
        {
            var errors = new StringBuilder();
            process.ErrorDataReceived += (_, line) =>
            {
                lock (errors)
                    if (line.Data is not null && errors.Length < 8192) errors.AppendLine(line.Data);
            };
            process.BeginErrorReadLine();
            return errors;
        }

        public async Task<bool> WaitUntilReadyAsync(TimeSpan wait) => await ReadAsync(wait, CancellationToken.None) == CompileServer.Ready;

        /// <summary>The compiled exercises, or null when the compile ran over the limit or ended the process.</summary>
        public async Task<CompiledExercises?> AskAsync(string job, TimeSpan limit, CancellationToken cancellation)
        {
            try
            {
                await process.StandardInput.WriteLineAsync(job);
                await process.StandardInput.FlushAsync(cancellation);
            }
            catch (IOException)
            {
                return null;
            }
            return await ReadAsync(limit, cancellation) is { } reply ? WorkerProtocol.Read<CompiledExercises>(reply) : null;
        }

        // Awaited, never blocked on: a thread held here while the pool's threads are few stalls every other submission.
        private async Task<string?> ReadAsync(TimeSpan wait, CancellationToken cancellation)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            timeout.CancelAfter(wait);
            try
            {
                return await process.StandardOutput.ReadLineAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
            {
                return null;
            }
        }

        public string ErrorTail()
        {
            lock (_errors) return _errors.ToString();
        }

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            process.WaitForExit();
            process.Dispose();
            released();
        }
    }
}
