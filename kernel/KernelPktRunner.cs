using System.Buffers.Binary;
using System.Collections.Concurrent;
using Stopwatch = System.Diagnostics.Stopwatch;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using TcpKata.Scripts;
using TcpKata.Tracing;

namespace TcpKata.Kernel;

public sealed record KernelRunOptions
{
    /// <summary>Compare only the MSS option, as the kit's --lenient-options does.</summary>
    public bool LenientOptions { get; init; }

    /// <summary>Overrides the timing tolerance (default: the script's --tolerance_usecs, at least <see cref="KernelPktRunner.DefaultTolerance"/>).</summary>
    public TimeSpan? Tolerance { get; init; }

    /// <summary>The sysctls applied in the run's namespace (<see cref="KernelSettings.Defaults"/> unless overridden).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = KernelSettings.Defaults;

    /// <summary>How many times a script that failed only on timing is run again (each retry is reported).</summary>
    public int TimingRetries { get; init; } = 2;
}

/// <summary>A script's run on the kernel: what went over the TUN device and what the calls returned, and the notes
/// (skipped lines, retries).</summary>
public sealed record KernelRunResult(Trace Trace, IReadOnlyList<string> Notes);

/// <summary>
/// Runs a packetdrill script against this machine's Linux TCP, as packetdrill does: in a private namespace made for the
/// run, the script's system calls on real sockets (errno and all), its inbound segments written to a TUN device, the
/// kernel's segments read from it and held against the script by the kit's own matcher (<see cref="PktMatcher"/>).
/// Real time: script times are seconds from the start, within a tolerance suited to a shared machine.
/// </summary>
public sealed class KernelPktRunner : PktPlayer, IDisposable
{
    /// <summary>packetdrill's 4 ms is for an idle machine; CI runners and laptops are not.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMilliseconds(25);

    private const ushort ScriptPort = 8080, DefaultRemotePort = 40000;
    private static readonly TimeSpan AnyTimeLimit = TimeSpan.FromSeconds(30);
    private static readonly uint LocalIp = Endpoint.ParseAddress(PrivateNetwork.LocalAddress), RemoteIp = Endpoint.ParseAddress(PrivateNetwork.RemoteAddress);

    private readonly PktScript _script;
    private readonly KernelRunOptions _options;
    private readonly KernelSetup _setup;
    private readonly PrivateNetwork _network;
    private readonly TimeSpan _tolerance;
    private readonly Stopwatch _clock = new();
    private readonly BlockingCollection<(TimeSpan Time, TcpPacket Packet)> _captured = [];
    private readonly Thread _capture;
    private volatile bool _stopping;
    private readonly SortedDictionary<int, int> _fds = []; // the script's descriptor -> the real one
    private readonly List<TraceEvent> _events = []; // recorded as they are learnt, which is not always in time order
    private readonly List<string> _notes = [];
    private SeqNum? _localIsn;
    private Endpoint _localEnd = new(LocalIp, ScriptPort), _remoteEnd = new(RemoteIp, DefaultRemotePort);
    private Pending? _pending;
    // packetdrill's TS val mapping: the script's value for an outbound TS val -> the kernel's, for inbound TS ecr.
    private readonly Dictionary<long, uint> _tsVals = [];
    private (long Script, uint Actual)? _firstTsVal;

    // A call the script lets block (START...END): what it returned, and when.
    private sealed record Pending(PktSyscall Call, Task<(SyscallResult Result, TimeSpan At)> Returned, TimeSpan Start, TimeSpan End);

    private KernelPktRunner(PktScript script, KernelRunOptions options)
    {
        _script = script;
        _options = options;
        var scripted = script.Options.TryGetValue("tolerance_usecs", out var usecs)
            ? TimeSpan.FromTicks(long.Parse(usecs, CultureInfo.InvariantCulture) * 10)
            : TimeSpan.Zero;
        _tolerance = options.Tolerance ?? (scripted > DefaultTolerance ? scripted : DefaultTolerance);
        _setup = KernelSettings.Probe(options.Settings);
        _network = PrivateNetwork.Create(_setup.Applied);
        // Shell commands run here; python blocks (packetdrill's tcpi_* assertions after the script) are skipped and said so.
        _notes.AddRange(script.Skipped.Where(s => !s.Contains(": skipped shell command ", StringComparison.Ordinal)));
        _capture = new Thread(Capture) { IsBackground = true, Name = "capture " + _network.Name };
    }

    /// <summary>Runs the script; throws <see cref="PktFailure"/> at the first line the kernel does not satisfy, after
    /// <see cref="KernelRunOptions.TimingRetries"/> more runs when the failure was one of timing alone.</summary>
    public static KernelRunResult Run(PktScript script, KernelRunOptions? options = null)
    {
        options ??= new KernelRunOptions();
        WarmUp(options);
        var retries = new List<string>();
        for (var attempt = 0; ; attempt++)
        {
            using var runner = new KernelPktRunner(script, options);
            try
            {
                runner.Execute();
                return new KernelRunResult(runner.TraceSoFar(), [.. runner._notes, .. retries]);
            }
            catch (PktFailure failure) when (TraceOf(failure, runner) && failure.Timing && attempt < options.TimingRetries)
            {
                retries.Add($"{script.File}: run {attempt + 2} of at most {options.TimingRetries + 1}, after a timing failure at line {failure.Line}: {failure.Problem}");
            }
            catch (PktFailure failure) when (retries.Count > 0)
            {
                throw new PktFailure(failure.File, failure.Line, failure.Text + "\n" + string.Join("\n", retries), failure.InnerException)
                    { Timing = failure.Timing, Trace = failure.Trace };
            }
        }
    }

    // Keeps what went over the device with the failure (a filter, so that it runs before the runner is disposed).
    private static bool TraceOf(PktFailure failure, KernelPktRunner runner)
    {
        failure.Trace ??= runner.TraceSoFar();
        return true;
    }

    private void Execute()
    {
        // Commands before the first event set the stage (sysctls): they run before the script's clock starts.
        RunShellCommands(before: 0);
        _network.UseFifoQueue();
        _clock.Start();
        _capture.Start();
        for (var i = 0; i < _script.Events.Count; i++)
        {
            if (i > 0) RunShellCommands(before: i);
            Step(_script.Events[i]);
        }
        RunShellCommands(before: _script.Events.Count);
        if (_pending is { } p) FinishPending(p);
    }

    private void RunShellCommands(int before)
    {
        foreach (var command in _script.Shell.Where(c => c.BeforeEvent == before))
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(_script.File))!;
            var (exit, error) = _network.Shell(command.Command, directory);
            _events.Add(new TraceEvent(Now, TraceKind.Note, "local", $"`{command.Command}` = {exit}"));
            if (exit != 0)
                throw new PktFailure(_script.File, command.Line, $"the shell command `{command.Command}` failed (exit {exit}){(error.Length > 0 ? ": " + error : "")}");
        }
    }

    private TimeSpan Now => _clock.Elapsed;

    protected override TimeSpan? LiveNow => Now;

    private Trace TraceSoFar()
    {
        var trace = new Trace();
        trace.NameHost(LocalIp, "local");
        trace.NameHost(RemoteIp, "remote");
        foreach (var e in _events.OrderBy(e => e.Time)) trace.Add(e);
        return trace;
    }

    // The first script of a process would otherwise pay for compiling the runner's code while its clock runs (30 ms and
    // more: a timing failure). A short exchange with the kernel, once, compiles what every script uses.
    private static int _warm;

    private const string WarmUpScript = """
        0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
        +0 setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0
        +0 bind(3, ..., ...) = 0
        +0 listen(3, 1) = 0
        +0 < S 0:0(0) win 65535 <mss 1460,sackOK,nop,nop,nop,wscale 7>
        +0 > S. 0:0(0) ack 1 <...>
        +0 < . 1:1(0) ack 1 win 257
        +0 accept(3, ..., ...) = 4
        +0 getsockopt(4, SOL_SOCKET, SO_ERROR, [0], [4]) = 0
        +0 ioctl(4, SIOCINQ, [0]) = 0
        +0 write(4, ..., 10) = 10
        +0 > P. 1:11(10) ack 1 <...>
        +0 < P. 1:11(10) ack 11 win 257
        +0...0.1 read(4, ..., 10) = 10
        +0 close(4) = 0
        """;

    private static void WarmUp(KernelRunOptions options)
    {
        if (Interlocked.Exchange(ref _warm, 1) == 1) return;
        try
        {
            using var runner = new KernelPktRunner(PktParser.Parse(WarmUpScript, "warm-up.pkt"), options with { Tolerance = TimeSpan.FromSeconds(1) });
            runner.Execute();
        }
        catch (PktFailure)
        {
            // Only compiling the code matters here.
        }
    }

    private void Capture()
    {
        while (!_stopping)
            if (_network.TryCapture(TimeSpan.FromMilliseconds(50)) is { } packet)
                _captured.Add((Now, packet));
    }

    protected override void WaitUntil(TimeSpan time)
    {
        var left = time - Now;
        if (left > TimeSpan.Zero) Thread.Sleep(left);
    }

    // ---- inbound segments ----------------------------------------------------------------------

    protected override void Inject(PktPacket p)
    {
        var source = p.SourcePort is { } sp ? _remoteEnd with { Port = sp } : _remoteEnd;
        var destination = p.DestinationPort is { } dp ? _localEnd with { Port = dp } : _localEnd;
        // Inbound ack numbers (and sack blocks) are written relative to the kernel's ISN; the remote's own are absolute.
        var ack = p.Ack is { } a ? Absolute(a) : default;
        var options = (p.Options ?? []).Select(WireOption).ToList();
        var mss = p.Options?.FirstOrDefault(o => o.Kind == "mss")?.Value ?? 0;
        var segment = new Segment(source, destination, p.StartSeq, ack, p.Flags, (ushort)(p.Window ?? 65535), (ushort)mss, new byte[p.PayloadLength]);
        _events.Add(new TraceEvent(Now, TraceKind.Sent, "remote", "", segment));
        _network.Inject(new TcpPacket(segment, options));
    }

    private TcpOption WireOption(PktOption o)
    {
        var data = o.Kind switch
        {
            "mss" => BitConverter.GetBytes(BinaryPrimitives.ReverseEndianness((ushort)o.Value)),
            "wscale" => [(byte)o.Value],
            "TS" => [.. BigEndian((uint)o.Value), .. BigEndian(LiveEcr(o.Echo))],
            "sack" => o.Blocks!.SelectMany(b => (byte[])[.. BigEndian(Absolute(b.Left).Value), .. BigEndian(Absolute(b.Right).Value)]).ToArray(),
            _ => [],
        };
        var kind = o.Kind switch
        {
            "mss" => TcpOption.Mss, "wscale" => TcpOption.WindowScale, "sackOK" => TcpOption.SackPermitted, "TS" => TcpOption.Timestamps,
            "sack" => (byte)5, "nop" => TcpOption.Nop, _ => TcpOption.End,
        };
        return new TcpOption(kind, data);
    }

    private static byte[] BigEndian(uint value) => BitConverter.GetBytes(BinaryPrimitives.ReverseEndianness(value));

    // The kernel's TS val that a script's TS ecr echoes: the one that matched that script value, else interpolated from
    // the first match (packetdrill's tcp_ts_ecr_scaled), else 0.
    private uint LiveEcr(long scriptEcr) =>
        _tsVals.TryGetValue(scriptEcr, out var live) ? live
        : _firstTsVal is { } first ? unchecked((uint)(scriptEcr - first.Script) + first.Actual)
        : 0;

    private SeqNum Absolute(uint relative) => (_localIsn ?? new SeqNum(0)) + (int)relative;

    private uint Relative(SeqNum n) => _localIsn is { } isn ? unchecked(n.Value - isn.Value) : n.Value;

    // ---- outbound segments ---------------------------------------------------------------------

    protected override TimeSpan Expect(PktPacket p, TimeSpan start, TimeSpan end)
    {
        var any = p.Time.Kind == PktTimeKind.Any;
        var latest = any ? Now + AnyTimeLimit : end + _tolerance;
        var wait = latest - Now;
        if (!_captured.TryTake(out var sent, wait > TimeSpan.Zero ? wait : TimeSpan.Zero))
            throw Fail(p, $"expected the kernel to send a segment by {Secs(latest)}s, but it sent nothing", timing: true);
        var (time, packet) = sent;
        var segment = packet.Segment;
        if (segment.IsSyn)
        {
            _localIsn = segment.Seq;
            _localEnd = segment.Source;
            _remoteEnd = segment.Destination;
        }
        _events.Add(new TraceEvent(time, TraceKind.Sent, "local", "", segment));
        if (segment.Payload.Length > 0 && segment.Payload.Length < p.PayloadLength) segment = Aggregate(p, segment, latest);
        var options = packet.Options.Select(ScriptOption).ToList();
        LearnTimestamp(p, options);
        var actual = PktMatcher.Describe(segment, Relative(segment.Seq), time, options);
        if (!any && (time < start - _tolerance || time > latest))
            throw Fail(p, $"segment sent too {(time < start ? "early" : "late")}, at {Secs(time)}s (expected {Secs(start)}s ± {Secs(_tolerance)}s)", actual, timing: true);
        if (PktMatcher.Mismatches(p, segment, Relative(segment.Seq), options, _options.LenientOptions) is { Count: > 0 } problems)
            throw Fail(p, "the segment sent differs: " + string.Join("; ", problems), actual);
        return time;
    }

    // packetdrill's default (without --strict_segments): consecutive segments of one connection, each but the last of the
    // same size, stand for the one larger segment a line expects. Linux sizes its TSO segments from the pacing rate, so
    // the 11000 bytes a script expects at once may leave as five segments of 2200.
    private Segment Aggregate(PktPacket p, Segment first, TimeSpan latest)
    {
        var parts = new List<Segment> { first };
        var total = first.Payload.Length;
        while (total < p.PayloadLength)
        {
            var wait = latest + TimeSpan.FromSeconds(2) - Now;
            if (!_captured.TryTake(out var next, wait > TimeSpan.Zero ? wait : TimeSpan.Zero)) break;
            var (last, segment) = (parts[^1], next.Packet.Segment);
            _events.Add(new TraceEvent(next.Time, TraceKind.Sent, "local", "", segment));
            if (segment.Source != last.Source || segment.Destination != last.Destination || segment.Seq != last.Seq + last.Payload.Length
                || segment.Payload.Length == 0 || (total + segment.Payload.Length < p.PayloadLength && segment.Payload.Length != last.Payload.Length))
                throw Fail(p, $"the kernel sent {total} of the {p.PayloadLength} bytes expected, then a segment that does not continue them",
                    PktMatcher.Describe(segment, Relative(segment.Seq), next.Time, []));
            parts.Add(segment);
            total += segment.Payload.Length;
        }
        if (parts.Count == 1) return first;
        _notes.Add($"{_script.File}:{p.Line}: {parts.Count} segments of {string.Join(" + ", parts.Select(s => s.Payload.Length))} bytes matched as one of {total}, as packetdrill aggregates them");
        var end = parts[^1];
        return new Segment(first.Source, first.Destination, first.Seq, end.Ack, parts.Select(s => s.Flags).Aggregate((a, b) => a | b), end.Window, first.Mss, new byte[total]);
    }

    private void LearnTimestamp(PktPacket p, List<PktOption> sent)
    {
        if (p.Options?.FirstOrDefault(o => o.Kind == "TS") is not { } script || sent.FirstOrDefault(o => o.Kind == "TS") is not { } live) return;
        _tsVals[script.Value] = (uint)live.Value;
        _firstTsVal ??= (script.Value, (uint)live.Value);
    }

    private PktOption ScriptOption(TcpOption o) => o.Kind switch
    {
        TcpOption.Mss => new PktOption("mss", BinaryPrimitives.ReadUInt16BigEndian(o.Data)),
        TcpOption.WindowScale => new PktOption("wscale", o.Data[0]),
        TcpOption.SackPermitted => new PktOption("sackOK"),
        TcpOption.Timestamps => new PktOption("TS", BinaryPrimitives.ReadUInt32BigEndian(o.Data), BinaryPrimitives.ReadUInt32BigEndian(o.Data.AsSpan(4))),
        TcpOption.Nop => new PktOption("nop"),
        TcpOption.End => new PktOption("eol"),
        5 => new PktOption("sack", Blocks: o.Data.Chunk(8).Select(b => (BinaryPrimitives.ReadUInt32BigEndian(b) - RemoteIsn, BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(4)) - RemoteIsn)).ToList()),
        _ => new PktOption($"option {o.Kind}"),
    };

    // The remote's sequence numbers are the script's own (absolute): its ISN is 0.
    private const uint RemoteIsn = 0;

    // ---- system calls --------------------------------------------------------------------------

    protected override void Call(PktSyscall call, TimeSpan start)
    {
        var invoke = Invoke(call);
        var returned = call.Name == "socket"
            ? Task.FromResult((Result: _network.Inside(invoke), At: Now)) // a socket belongs to the namespace of the thread that makes it
            : Task.Factory.StartNew(() => (Result: invoke(), At: Now), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        if (call.BlockingEnd is not { } endRaw)
        {
            if (!returned.Wait(_tolerance))
                throw Fail(call, $"{call.Name}() blocks here, where the script expects it to return at once", timing: true);
            Verify(call, returned.Result.Result, returned.Result.At);
            return;
        }
        var end = BlockingEnd(call, endRaw);
        _pending = new Pending(call, returned, start, end);
    }

    protected override void CheckPendingCompleted()
    {
        if (_pending is { Returned.IsCompleted: true } p) FinishPending(p);
    }

    protected override void FinishPending()
    {
        if (_pending is { } p) FinishPending(p);
    }

    private void FinishPending(Pending p)
    {
        _pending = null;
        var wait = p.End + _tolerance - Now;
        if (!p.Returned.Wait(wait > TimeSpan.Zero ? wait : TimeSpan.Zero))
            throw Fail(p.Call, $"{p.Call.Name}() is still blocked at {Secs(Now)}s, where the script expects it to have returned by {Secs(p.End)}s", timing: true);
        var (result, at) = p.Returned.Result;
        if (at < p.Start - _tolerance || at > p.End + _tolerance)
            throw Fail(p.Call, $"{p.Call.Name}() returned at {Secs(at)}s; the script expects it between {Secs(p.Start)}s and {Secs(p.End)}s", timing: true);
        Verify(p.Call, result, at);
    }

    private void Verify(PktSyscall call, SyscallResult result, TimeSpan at)
    {
        var value = result.Value;
        if (call.Name == "accept" && result.Errno == 0) value = Register((int)result.Value, call);
        if (call.Name == "socket" && result.Errno == 0) value = Register((int)result.Value, call);
        _events.Add(new TraceEvent(at, TraceKind.App, "local", $"{call.Name}() = {(result.Errno == 0 ? value.ToString(CultureInfo.InvariantCulture) : result.ToString())}"));
        if (_checkFailure is { } problem)
        {
            _checkFailure = null;
            throw Fail(call, problem);
        }
        var errno = result.Errno == 0 ? null : Errno.Name(result.Errno);
        if (value == call.Result && errno == call.Errno) return;
        var wanted = call.Errno is null ? call.Result.ToString(CultureInfo.InvariantCulture) : $"-1 {call.Errno}";
        var got = errno is null ? value.ToString(CultureInfo.InvariantCulture) : result.ToString();
        throw Fail(call, $"{call.Name}() returned {got}; the script expects {wanted}");
    }

    // A value a call reads (getsockopt, ioctl) that differs from the script's; reported when the call is verified.
    private string? _checkFailure;

    // packetdrill's descriptors are the script's names for sockets: the real one gets the number the script expects.
    private int Register(int real, PktSyscall call)
    {
        var fd = call.Errno is null && call.Result is >= 0 and < int.MaxValue && !_fds.ContainsKey((int)call.Result) ? (int)call.Result : 3;
        while (_fds.ContainsKey(fd)) fd++;
        _fds[fd] = real;
        return fd;
    }

    private Func<SyscallResult> Invoke(PktSyscall call)
    {
        string Arg(int i) => call.Arguments.ElementAtOrDefault(i) ?? "";
        switch (call.Name)
        {
            case "socket":
                if (Arg(1) != "SOCK_STREAM") throw Unsupported(call, "the kernel runner makes TCP sockets only: socket(..., SOCK_STREAM, IPPROTO_TCP)");
                return () =>
                {
                    var socket = LinuxSockets.Socket();
                    if (socket.Errno == 0 && _setup.CongestionControlPerSocket is { } algorithm && LinuxSockets.SetCongestionControl((int)socket.Value, algorithm).Errno is not 0 and var errno)
                        _checkFailure = $"setting the congestion control {algorithm} on the socket failed: {Errno.Name(errno)}";
                    return socket;
                };
            case "setsockopt":
            {
                var (fd, option, value) = (Fd(call), Option(call, Arg(2)), Ints(call, Arg(3)));
                return () => LinuxSockets.SetOption(fd, option.Level, option.Name, value);
            }
            case "getsockopt":
            {
                var (fd, name, option, expected) = (Fd(call), Arg(2), Option(call, Arg(2)), Arg(3).Trim('[', ']'));
                return () =>
                {
                    var (result, value) = LinuxSockets.GetOption(fd, option.Level, option.Name);
                    var actual = name == "SO_ERROR" && value != 0 ? Errno.Name(value) : value.ToString(CultureInfo.InvariantCulture);
                    if (result.Errno == 0 && actual != expected) _checkFailure = $"getsockopt({name}) is [{actual}]; the script expects [{expected}]";
                    return result;
                };
            }
            case "ioctl":
            {
                if (Arg(1) is not ("SIOCINQ" or "FIONREAD")) throw Unsupported(call, "the kernel runner's ioctl reads SIOCINQ (FIONREAD)");
                var (fd, expected) = (Fd(call), Arg(2).Trim('[', ']'));
                return () =>
                {
                    var (result, value) = LinuxSockets.UnreadBytes(fd);
                    if (result.Errno == 0 && value.ToString(CultureInfo.InvariantCulture) != expected)
                        _checkFailure = $"ioctl({Arg(1)}) is [{value}]: {value} bytes unread; the script expects [{expected}]";
                    return result;
                };
            }
            case "fcntl":
            {
                var fd = Fd(call);
                return Arg(1) switch
                {
                    "F_GETFL" => () => LinuxSockets.Fcntl(fd, LinuxSockets.FGetFl, 0),
                    "F_SETFL" => () => LinuxSockets.Fcntl(fd, LinuxSockets.FSetFl,
                        LinuxSockets.ORdWr | (Arg(2).Contains("O_NONBLOCK", StringComparison.Ordinal) ? LinuxSockets.ONonBlock : 0)),
                    _ => throw Unsupported(call, "the kernel runner's fcntl supports F_GETFL and F_SETFL"),
                };
            }
            case "bind":
            {
                var fd = Fd(call);
                var port = PortIn(Arg(1)) ?? ScriptPort;
                _localEnd = new Endpoint(LocalIp, port);
                return () => LinuxSockets.Bind(fd, LocalIp, port);
            }
            case "listen":
            {
                var (fd, backlog) = (Fd(call), Int(call, 1));
                return () => LinuxSockets.Listen(fd, backlog);
            }
            case "accept":
            {
                var fd = Fd(call);
                return () => LinuxSockets.Accept(fd);
            }
            case "connect":
            {
                var fd = Fd(call);
                return () => LinuxSockets.Connect(fd, RemoteIp, ScriptPort);
            }
            case "read" or "recv":
            {
                var (fd, count) = (Fd(call), Int(call, 2));
                return () => LinuxSockets.Read(fd, count);
            }
            case "recvmsg":
            {
                // recvmsg(fd, {... msg_iov(1)=[{..., N}] ... msg_control=[{cmsg_level=SOL_TCP, cmsg_type=TCP_CM_INQ, cmsg_data=M}]}, 0)
                var text = string.Join(", ", call.Arguments);
                var fd = Fd(call);
                var count = Regex.Match(text, @"msg_iov\(1\)=\[\{\.\.\.,\s*(\d+)\}\]") is { Success: true } iov
                    ? int.Parse(iov.Groups[1].Value, CultureInfo.InvariantCulture)
                    : throw Unsupported(call, "the kernel runner's recvmsg reads one buffer: msg_iov(1)=[{..., N}]");
                var expected = Regex.Match(text, @"cmsg_type=TCP_CM_INQ,\s*cmsg_data=(\d+)") is { Success: true } inq ? inq.Groups[1].Value : null;
                return () =>
                {
                    var (result, actual) = LinuxSockets.ReceiveMessage(fd, count);
                    if (result.Errno == 0 && expected is not null && actual?.ToString(CultureInfo.InvariantCulture) != expected)
                        _checkFailure = $"recvmsg()'s TCP_CM_INQ is {actual?.ToString(CultureInfo.InvariantCulture) ?? "missing"}; the script expects {expected}";
                    return result;
                };
            }
            case "write" or "send":
            {
                var (fd, count) = (Fd(call), Int(call, 2));
                return () => LinuxSockets.Write(fd, count);
            }
            case "shutdown":
            {
                var fd = Fd(call);
                var how = Arg(1) switch
                {
                    "SHUT_RD" => 0, "SHUT_WR" => 1, "SHUT_RDWR" => 2,
                    var other => throw new PktSyntaxException(_script.File, call.Line, $"shutdown() takes SHUT_RD, SHUT_WR or SHUT_RDWR, not {other}"),
                };
                return () => LinuxSockets.Shutdown(fd, how);
            }
            case "close":
            {
                var script = Int(call, 0);
                var fd = Fd(call);
                _fds.Remove(script);
                return () => LinuxSockets.Close(fd);
            }
            default:
                throw Unsupported(call, $"unsupported system call {call.Name}(): the kernel runner makes socket, setsockopt, getsockopt, ioctl, fcntl, bind, listen, accept, connect, read, recv, recvmsg, write, send, shutdown and close");
        }
    }

    private PktSyntaxException Unsupported(PktSyscall call, string what) => new(_script.File, call.Line, what);

    // The real descriptor behind the script's; a number the script never opened stays what it is (EBADF, as on Linux).
    private int Fd(PktSyscall call) => _fds.TryGetValue(Int(call, 0), out var real) ? real : -1;

    private int Int(PktSyscall call, int index) =>
        int.TryParse(call.Arguments.ElementAtOrDefault(index), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new PktSyntaxException(_script.File, call.Line, $"{call.Name}(): argument {index + 1} should be a number");

    private (int Level, int Name) Option(PktSyscall call, string name) =>
        LinuxSockets.Options.TryGetValue(name, out var option)
            ? option
            : throw Unsupported(call, $"unsupported socket option {name}: the kernel runner knows {string.Join(", ", LinuxSockets.Options.Keys)}");

    // "[1]" or "{onoff=1, linger=0}" (struct linger): the ints of an option's value.
    private int[] Ints(PktSyscall call, string value)
    {
        var numbers = Regex.Matches(value, @"-?\d+").Select(m => int.Parse(m.Value, CultureInfo.InvariantCulture)).ToArray();
        return numbers.Length > 0 ? numbers : throw new PktSyntaxException(_script.File, call.Line, $"cannot read the option value {value}: write [N] or {{onoff=1, linger=0}}");
    }

    private static ushort? PortIn(string sockaddr) =>
        Regex.Match(sockaddr, @"htons\((\d+)\)") is { Success: true } m ? ushort.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;

    // ---- failures ------------------------------------------------------------------------------

    private static string Secs(TimeSpan t) => Trace.FormatTime(t);

    private PktFailure Fail(PktEvent e, string problem, string? actual = null, bool timing = false)
    {
        var sb = new StringBuilder(problem).Append('\n');
        sb.Append("  script line: ").Append(e.Text.Trim()).Append('\n');
        if (actual is not null) sb.Append("  actual:      ").Append(actual).Append('\n');
        sb.Append($"what went over the TUN device ({PrivateNetwork.KernelVersion}; seconds since the script started, sequence numbers relative to each side's ISN):\n");
        foreach (var line in TraceSoFar().Render().Split('\n', StringSplitOptions.RemoveEmptyEntries)) sb.Append("  ").Append(line).Append('\n');
        return new PktFailure(_script.File, e.Line, sb.ToString().TrimEnd()) { Timing = timing };
    }

    public void Dispose()
    {
        _stopping = true;
        // Wake any call still blocked (accept, read) before the descriptors go: close() alone does not.
        foreach (var fd in _fds.Values) LinuxSockets.Shutdown(fd, 2);
        foreach (var fd in _fds.Values) LinuxSockets.Close(fd);
        if (_capture.IsAlive) _capture.Join();
        _network.Dispose();
    }
}
